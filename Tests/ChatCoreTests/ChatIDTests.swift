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

@Suite struct DelayRangeTests {
    @Test func parsing() {
        #expect(DelayRange(parsing: "1-3") == .seconds(1, 3))
        #expect(DelayRange(parsing: "0") == .zero)
        #expect(DelayRange(parsing: "0.5-1.5") == .seconds(0.5, 1.5))
        for bad in ["", "-1", "3-1", "a-b", "1-2-3", "nan", "1e9"] { #expect(DelayRange(parsing: bad) == nil, "\(bad)") }
    }
}

