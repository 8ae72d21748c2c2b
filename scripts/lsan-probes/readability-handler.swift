// FileHandle.readabilityHandler makes a weak reference to the handle (a side table) that nothing
// frees. Suppressed as
// `s10Foundation10FileHandleC7monitor` (the frame that makes it).
import Foundation

let pipe = Pipe()
let done = DispatchSemaphore(value: 0)
pipe.fileHandleForReading.readabilityHandler = { handle in
    if !handle.availableData.isEmpty { done.signal() }
}
pipe.fileHandleForWriting.write(Data("line\n".utf8))
done.wait()
pipe.fileHandleForReading.readabilityHandler = nil
print("read a line")
