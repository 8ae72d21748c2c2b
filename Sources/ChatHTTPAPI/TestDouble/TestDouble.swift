import ChatCore
import Foundation
import HTTPServer
import JSONText
import LineFormat
import Locking
import Logging

/// The emulator's test-double state shared by every request: the faults in force, the request
/// record, and the virtual clock's lock (one advance at a time).
final class TestDouble: Sendable {
    let configuration: TestDoubleConfiguration
    let faults: FaultTable
    let record: RequestRecord
    /// Held while a `POST /emulator/clock` moves time, so that two advances never interleave.
    let advancing = Locked(())
    /// The operations faults may name: GWS's (``Fault/operations``), then other fronts' (`gms.send`).
    let operations: [String]

    init(configuration: TestDoubleConfiguration, operations: [String] = Fault.operations, logger: Logger) {
        self.configuration = configuration
        self.operations = operations
        faults = FaultTable(capacity: configuration.maxFaults)
        record = RequestRecord(limits: .init(entries: max(0, configuration.recordedRequests), bodyBytes: max(0, configuration.recordedBodyBytes)))
        addInitialFaults(logger: logger)
    }

    /// The faults given at start; those past the bound are logged and left out.
    func addInitialFaults(logger: Logger) {
        let initial = Array(configuration.faults.prefix(faults.capacity))
        _ = try? faults.add(initial)
        if configuration.faults.count > initial.count {
            logger.error("\(configuration.faults.count - initial.count) faults given at start are over the bound of \(faults.capacity) and not in force")
        }
    }

    /// The reserved `userData` key of RequestChat: faults for that chat, for clients that cannot
    /// reach `/emulator/` (`"agent-never-joins"`, `"SendMessage:503:times=2; bot-silent"`).
    static let userDataKey = "emulatorFaults"

    /// The faults of a chat request's reserved `userData` key: chat kinds for the new chat, and
    /// faults for its later requests (``addFaults(_:for:)`` once the chat exists). A bare kind is a
    /// fault of `requestOperation` (`RequestChat`, `gms.requestChat`: `agent-never-joins`).
    /// Refused when the later ones would take the faults in force past their bound.
    func userDataFaults(_ text: String, requestOperation: String) throws(APIError) -> (atStart: [ChatFault], later: [Fault]) {
        let parsed = try parseUserDataFaults(text, requestOperation: requestOperation)
        let inForce = faults.entries.count
        guard inForce + parsed.later.count <= faults.capacity else {
            throw .invalidParameter("userData.\(Self.userDataKey)", "would take the faults in force past \(faults.capacity) (\(inForce) are)")
        }
        return parsed
    }

    /// Puts faults from a chat request's `userData` in force for that chat only.
    func addFaults(_ later: [Fault], for id: ChatID) {
        guard !later.isEmpty else { return }
        _ = try? faults.add(
            later.map { fault in
                var scoped = fault
                scoped.chat = id
                return scoped
            })
    }

    private func parseUserDataFaults(_ text: String, requestOperation: String) throws(APIError) -> (atStart: [ChatFault], later: [Fault]) {
        var atStart: [ChatFault] = []
        var later: [Fault] = []
        for item in text.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            let compact = item.contains(":") ? item : "\(requestOperation):\(item)"
            let fault: Fault
            do {
                fault = try Fault(compact: compact, operations: operations)
            } catch {
                throw APIError.invalidParameter("userData.\(Self.userDataKey)", "holds a bad fault: \(error.message)")
            }
            if fault.operation == requestOperation {
                guard case .chat(let chatFault) = fault.kind else {
                    throw APIError.invalidParameter(
                        "userData.\(Self.userDataKey)", "cannot give \(requestOperation) an HTTP fault ('\(item)'): a retry would carry it again; use POST /emulator/faults")
                }
                atStart.append(chatFault)
            } else {
                later.append(fault)
            }
        }
        return (atStart, later)
    }
}

extension HTTPStatus {
    /// A status with its usual reason phrase, for a fault's answer.
    static func fault(_ code: Int) -> HTTPStatus {
        let phrases = [
            400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 408: "Request Timeout", 409: "Conflict",
            429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
        ]
        return HTTPStatus(code: code, reasonPhrase: phrases[code] ?? (code >= 500 ? "Server Error" : "Client Error"))
    }
}
