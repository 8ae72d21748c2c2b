import Foundation
import HTTPServer
import Testing

@testable import ChatHTTPAPI

/// A small plain form is read where it lies (``FormFields``), any other the general way: both
/// give the same values, and every body the fast way does not take goes the general way.
@Suite struct FormFieldsTests {
    static let plain: [(body: String, expected: [String: String])] = [
        (
            "userId=8A1C0F3B9D2E4F60&secureKey=4ee15d7e1c343c8e&alias=117&transcriptPosition=6",
            ["userId": "8A1C0F3B9D2E4F60", "secureKey": "4ee15d7e1c343c8e", "alias": "117", "transcriptPosition": "6"]
        ),
        ("message=J%C3%B6rg+K%2B1&messageType=text", ["message": "Jörg K+1", "messageType": "text"]),
        ("a=&b&&c=x%3Dy=z", ["a": "", "b": "", "c": "x=y=z"]),
    ]

    private func request(_ body: String) -> HTTPRequest {
        HTTPRequest(method: "POST", target: "/", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array(body.utf8))
    }

    @Test(arguments: plain.indices)
    func aPlainForm_isReadWhereItLies_withTheValuesOfTheGeneralWay(_ index: Int) throws {
        let (body, expected) = Self.plain[index]
        let fields = try #require(FormFields(Array(body.utf8)), "taken the fast way")
        // The same fields with more than FormFields.maxFields besides go the general way.
        let padded = body + (0...FormFields.maxFields).map { "&pad\($0)=1" }.joined()
        #expect(FormFields(Array(padded.utf8)) == nil)
        let general = try OperationParameters(request(padded))
        let fast = try OperationParameters(request(body))
        for (name, value) in expected {
            #expect(fields.value(name) == value)
            #expect(try fast.optionalScalar(name) == value)
            #expect(try general.optionalScalar(name) == value)
        }
        #expect(fields.value("absent") == nil)
        #expect(try fast.optionalScalar("absent") == nil)
        #expect(try fast.stringMap("userData") == [:])
    }

    /// What the fast way leaves to the general way, which reads it or says what is wrong.
    @Test(arguments: [
        "nickname=J\u{F6}rg", "a=1&a=2", "a%41=1", "a+b=1", "userData[k]=v", "userData=x", "=x", "a=%FF", "a=%2", "a=%zz",
    ])
    func anotherBody_goesTheGeneralWay(_ body: String) {
        #expect(FormFields(Array(body.utf8)) == nil)
    }

    @Test func theGeneralWay_stillRefusesWhatIsWrong() {
        for body in ["a=1&a=2", "=x", "a=%FF", "a=%2"] {
            #expect(throws: APIError.self) { try OperationParameters(request(body)) }
        }
        #expect((try? OperationParameters(request("a%41=1")).optionalScalar("aA")) == "1")
    }
}
