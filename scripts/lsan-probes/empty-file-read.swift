// Foundation leaks its 4 KiB read buffer when it reads an empty file (String(contentsOfFile:) and
// Data(contentsOf:) both go through readBytesFromFile). Suppressed as `readBytesFromFile`.
import Foundation

let path = NSTemporaryDirectory() + "lsan-probe-empty-\(getpid())"
_ = FileManager.default.createFile(atPath: path, contents: Data())
defer { try? FileManager.default.removeItem(atPath: path) }
let text = try String(contentsOfFile: path, encoding: .utf8)
let data = try Data(contentsOf: URL(fileURLWithPath: path))
print("read \(text.count) characters and \(data.count) bytes")
