import Glibc

/// Checks `condition` every millisecond or two until it holds or `timeout` has passed, and says
/// whether it held: a test waits for a state of the server (a counter, a log line), never for a
/// fixed time, and a broken server fails the test instead of hanging it.
package func eventually(within timeout: Duration = .seconds(30), _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        if ContinuousClock.now > deadline { return false }
        usleep(1500)
    }
    return true
}
