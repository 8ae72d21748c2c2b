/// The inputs the fuzzer attacks, each behind one entry point shared by the libFuzzer binary
/// (`fuzz/main/`, built by `make fuzz`) and the regression tests (`Tests/FuzzRegressionTests`), so an
/// input that once broke a target is replayed by `make test` exactly as the fuzzer ran it.
///
/// ``run(_:)`` returns a ``FuzzFinding`` for a broken property (the fuzzer turns it into a
/// crash); a crash, hang or sanitizer report inside the code under test needs no oracle.
package enum FuzzTarget: String, CaseIterable, Sendable {
    /// The HTTP/1.1 request parser, fed the bytes whole and in many splits into reads.
    case httpRequest = "http-request"
    /// RequestChat, chat operations and GetTranscript queries through ``ChatAPI``.
    case apiBody = "api-body"
    /// The `.rules` parser and compiler.
    case rules
    /// The `.convo` parser.
    case convo
    /// The `.replay` parser.
    case replay
    /// Journal recovery at startup, then new work on the recovered chats.
    case journal
    /// A rules bot's customer memory file (`customers/BOT.tsv`) opened, changed and read back.
    case customerMemory = "customer-memory"
    /// The answers of a GWS server as the client reads them (``GWSAnswerTarget``).
    case gwsAnswer = "gws-answer"
    /// `multipart/form-data` bodies (``MultipartForm``), decoded and re-encoded.
    case multipart
    /// Request chat and chat operations through the GMS front (``GMSBodyTarget``).
    case gmsBody = "gms-body"

    package func run(_ input: [UInt8]) -> FuzzFinding? {
        switch self {
        case .httpRequest: HTTPRequestTarget.run(input)
        case .apiBody: APIBodyTarget.run(input)
        case .rules: RulesTarget.run(input)
        case .convo: ConvoTarget.run(input)
        case .replay: ReplayTarget.run(input)
        case .journal: JournalTarget.run(input)
        case .customerMemory: CustomerMemoryTarget.run(input)
        case .gwsAnswer: GWSAnswerTarget.run(input)
        case .multipart: MultipartTarget.run(input)
        case .gmsBody: GMSBodyTarget.run(input)
        }
    }
}

/// A property the target broke, in words for the test failure or the fuzzer's crash report.
package struct FuzzFinding: Error, CustomStringConvertible, Sendable {
    package let description: String

    init(_ description: String) {
        self.description = description
    }
}
