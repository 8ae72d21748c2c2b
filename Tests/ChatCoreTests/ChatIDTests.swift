import ChatCore
import Foundation
import Testing

@Suite struct ChatIDTests {
    @Test(arguments: ["../../etc/passwd", "", "652492d9-c2d9-44c9-b9ad-0ab7984114bg", "652492d9c-2d9-44c9-b9ad-0ab7984114bb", "652492d9-c2d9-44c9-b9ad-0ab7984114bbb", "652492d9-c2d9-44c9-b9ad+0ab7984114bb", "652492d9-c2d9-44c9-b9ad-0ab7984114b", "652492d9c2d944c9b9ad0ab7984114bbxxxx", "652492d9-c2d9-44c9-b9ad-0ab7984114bb/.."])
    func malformedIDs_areRejected(text: String) {
        #expect(ChatID(validating: text) == nil)
    }

    @Test func canonicalIDs_areAccepted_andPrintedInLowerCase() {
        #expect(ChatID(validating: "652492D9-C2D9-44C9-B9AD-0AB7984114BB")?.description == "652492d9-c2d9-44c9-b9ad-0ab7984114bb")
        for _ in 0..<100 {
            let uuid = UUID()
            #expect(ChatID(validating: uuid.uuidString)?.uuid == uuid)
        }
    }
}
