// A Data that is still held when the process exits is reported as leaked: LeakSanitizer cannot see
// the reference to its storage (Data keeps it in an enum whose case tag sits in the pointer's
// spare bits). A client that exits while URLSession still holds its last request shows this for
// the request's body. Suppressed as `s20FoundationEssentials4DataV11InlineSlice`, the frame that
// makes a Data from a String's UTF-8 view, and `s20FoundationEssentials13__DataStorage`.
import Foundation

var held = Data([UInt8](repeating: 65, count: 60))
// A form body, as the GMS client makes it: from text, through another frame of Data's.
var heldText = Data(String(repeating: "alias=1&", count: 8).utf8)
print("holding \(held.count) and \(heldText.count) bytes")
