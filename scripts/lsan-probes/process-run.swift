// Process.run makes a weak reference (a side table) that nothing frees. Suppressed as
// `s10Foundation7ProcessC3run`.
import Foundation

let process = Process()
process.executableURL = URL(fileURLWithPath: "/bin/true")
try process.run()
process.waitUntilExit()
print("exit status \(process.terminationStatus)")
