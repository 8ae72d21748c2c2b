/// What a starting emulator must undo, last started first: each part pushes its stop as soon as
/// it has started, so `stop()` and every failed start run the same steps in reverse order.
struct TeardownStack: Sendable {
    private var steps: [@Sendable () -> Void] = []

    /// Adds the stop of a part that has just started.
    mutating func push(_ step: @escaping @Sendable () -> Void) {
        steps.append(step)
    }

    /// Runs every step, the last pushed first, and empties the stack.
    mutating func unwind() {
        while let step = steps.popLast() { step() }
    }
}
