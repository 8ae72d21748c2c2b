// Reading an XMLDocument leaks libxml2's document and FoundationXML's node objects once the
// document is gone. Suppressed as `libxml2.so` and `FoundationXML`.
import Foundation
import FoundationXML

func rootName() throws -> String {
    let document = try XMLDocument(xmlString: "<a><b x=\"1\">text</b></a>", options: [])
    return document.rootElement()?.name ?? "none"
}
print("root element \(try rootName())")
