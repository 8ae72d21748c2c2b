import ChatCore
import Foundation
import HTTPServer
import Logging

/// What one request did, for the request record: filled in while it is routed.
struct Exchange {
    var operation: String?
    var chat: ChatID?
    var fault: String?
    /// Whether it goes in the record (every request but the emulator's own endpoints).
    var recorded = true
}

extension ChatAPI {
    /// Carries out a GWS operation through the faults in force: the first that matches fires
    /// (logged, and named in the request record), else `perform` runs as usual. `perform` gets the
    /// chat faults to apply at RequestChat.
    func withFaults(
        _ operation: String, chat: ChatID?, _ exchange: inout Exchange, _ perform: ([ChatFault]) throws(APIError) -> HTTPResponse
    ) throws(APIError) -> HTTPResponse {
        try Self.withFaults(operation, chat: chat, &exchange, testDouble: testDouble, host: host, logger: logger, perform)
    }

    /// ``withFaults(_:chat:_:_:)`` with what it needs, for another front's requests
    /// (``FrontExchange``), which do not copy the whole API for it.
    static func withFaults(
        _ operation: String, chat: ChatID?, _ exchange: inout Exchange, testDouble: TestDouble, host: ChatHost, logger: Logger,
        _ perform: ([ChatFault]) throws(APIError) -> HTTPResponse
    ) throws(APIError) -> HTTPResponse {
        exchange.operation = operation
        exchange.chat = chat
        guard !testDouble.faults.isEmpty, let firing = testDouble.faults.fire(operation: operation, chat: chat) else { return try perform([]) }
        let fault = firing.fault
        let name = "fault \(firing.id) (\(fault.operation):\(fault.kind.compactText))"
        exchange.fault = name
        logger.warning("\(name) fired", metadata: ["operation": "\(operation)", "chat": "\(chat?.description ?? "-")"])
        switch fault.kind {
        case .status(let code):
            throw APIError(
                .fault(code), code >= 500 ? .internalError : .invalidParameter,
                "The emulator answered \(code) on purpose: \(name) is in force (DELETE /emulator/faults to clear it).")
        case .closeWithoutAnswer:
            return .closeWithoutAnswer
        case .answerThenClose:
            var response = Self.answer { () throws(APIError) in try perform([]) }
            response.headers.remove("Connection")
            response.headers.add("Connection", "close")
            return response
        case .delay(let delay, let real):
            var response = Self.answer { () throws(APIError) in try perform([]) }
            CORS.addHeaders(to: &response.headers)
            let deferred = HTTPDeferredResponse()
            let answer = response
            if real || testDouble.configuration.virtualClock == nil {
                DispatchQueue.global().asyncAfter(deadline: .now() + delay.timeInterval) { deferred.complete(with: answer) }
            } else {
                host.clock.schedule(at: host.clock.now().addingTimeInterval(delay.timeInterval), background: false) { deferred.complete(with: answer) }
            }
            var later = HTTPResponse.later(deferred)
            later.status = response.status  // for the record: what the answer will be
            return later
        case .chat(let chatFault):
            guard let chat else { return try perform([chatFault]) }
            // Before the operation: a SendMessage that fires `agent-leaves` counts as the first
            // message, one that fires `end-chat` finds the chat ended.
            do {
                try host.inject(chatFault, into: chat)
            } catch {
                logger.warning("\(name) could not change chat \(chat): \(error.message)")
            }
            return try perform([])
        }
    }

    /// The answer of `perform`, an error answer included.
    static func answer(_ perform: () throws(APIError) -> HTTPResponse) -> HTTPResponse {
        do {
            return try perform()
        } catch {
            return response(for: error)
        }
    }
}
