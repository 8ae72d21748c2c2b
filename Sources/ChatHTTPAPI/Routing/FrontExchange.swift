package import ChatCore
package import HTTPServer
import Logging

/// What a ``ChatFront`` tells the test double about one request, and how it runs its operation
/// through the faults in force: the front names the operation (as faults and the request record
/// name it: `gms.send`) and the chat once it knows them, then calls ``perform(_:)``.
/// ``ChatAPI`` records the request afterwards, as it records a GWS one.
package struct FrontExchange {
    private let testDouble: TestDouble
    private let host: ChatHost
    private let logger: Logger
    private let front: any ChatFront
    var exchange = Exchange()

    init(testDouble: TestDouble, host: ChatHost, logger: Logger, front: any ChatFront) {
        self.testDouble = testDouble
        self.host = host
        self.logger = logger
        self.front = front
    }

    /// Names the request's operation and chat for the request record and the faults.
    package mutating func note(operation: String, chat: ChatID?) {
        exchange.operation = operation
        exchange.chat = chat
    }

    /// Runs `answer` through the faults in force for the noted operation (the first that matches
    /// fires, as for GWS: a status answered in the front's error shape, a closed connection, a
    /// delay, a chat fault put in force first). `answer` gets the chat faults a chat-requesting
    /// operation starts its chat with. Without a noted operation, `answer` runs as it is.
    package mutating func perform(_ answer: ([ChatFault]) -> HTTPResponse) -> HTTPResponse {
        guard let operation = exchange.operation else { return answer([]) }
        do {
            return try ChatAPI.withFaults(operation, chat: exchange.chat, &exchange, testDouble: testDouble, host: host, logger: logger) { faults in
                answer(faults)
            }
        } catch {
            return front.response(for: error)
        }
    }

    /// The faults of a chat request's `userData` key ``TestDouble/userDataKey`` (`emulatorFaults`:
    /// `"agent-never-joins; gms.send:503:times=1"`), for clients that cannot reach `/emulator/`:
    /// the chat faults to start the chat with, and faults for its later requests (give them to
    /// ``addFaults(_:for:)`` once the chat exists). A bare kind is a fault of `requestOperation`.
    package func userDataFaults(_ userData: [String: String], requestOperation: String) throws(APIError) -> (atStart: [ChatFault], later: [Fault]) {
        guard let text = userData[TestDouble.userDataKey] else { return ([], []) }
        return try testDouble.userDataFaults(text, requestOperation: requestOperation)
    }

    /// Puts `faults` in force for the chat `id` only.
    package func addFaults(_ faults: [Fault], for id: ChatID) {
        testDouble.addFaults(faults, for: id)
    }
}
