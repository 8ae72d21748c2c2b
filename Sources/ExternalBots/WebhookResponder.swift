package import ChatCore
package import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Locking
package import Logging

/// A bot behind an HTTP endpoint (`webhook:URL`): each event is POSTed as JSON (``BotWire``) and
/// the answer is a JSON array of actions. No thread waits for it: the request runs on
/// URLSession's own loop and the answer is handed to the host when it comes. A body over the
/// limit is cut off at the limit (the request is cancelled), a status other than 2xx, a
/// malformed answer or no answer within the timeout cost that one event its fallback.
package final class WebhookResponder: Responder {
    package let url: URL
    package let settings: ExternalBotSettings
    private let session: URLSession
    private let bodies: BoundedBodies
    private let sequence = Locked<UInt64>(0)
    private let logger: Logger

    package init(url: URL, settings: ExternalBotSettings = ExternalBotSettings(), logger: Logger = Logger(label: "webhook", factory: { _ in SwiftLogNoOpLogHandler() })) {
        self.url = url
        self.settings = settings
        self.logger = logger
        let bodies = BoundedBodies(limit: settings.limits.maximumBytes)
        self.bodies = bodies
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = settings.timeout.timeInterval + 1
        configuration.httpMaximumConnectionsPerHost = 16
        session = URLSession(configuration: configuration, delegate: bodies, delegateQueue: nil)
    }

    deinit { session.invalidateAndCancel() }

    package var agentNickname: String { settings.nickname }
    package var deferredAnswers: DeferredAnswers? { settings.deferredAnswers }
    package var parts: [ResponderPart] { settings.responderParts }
    package func wantsEvents(of kind: ChatEvent.Kind) -> Bool { settings.wants(kind) }

    package func respond(to event: ChatEvent, context: inout ResponderContext) -> AgentReply {
        respondWaiting(to: event, context: &context)
    }

    package func respond(to event: ChatEvent, context: ResponderContext, answer: ResponderAnswer) {
        var context = context
        let number = sequence.withLock { value -> UInt64 in
            value += 1
            return value
        }
        let body = BotWire.encode(event, context: context, sequence: number, seed: context.random.next())
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(String(BotWire.version), forHTTPHeaderField: "X-GWS-Bot-Version")
        if let secret = settings.secret { request.setValue(secret, forHTTPHeaderField: "X-GWS-Bot-Secret") }
        request.httpBody = Data(body)
        let answered = context.withoutTranscript()
        let limits = settings.limits
        let url = self.url
        let task = session.dataTask(with: request)
        bodies.expect(task.taskIdentifier) { result in
            switch result {
            case .failure(let reason):
                answer.fail("webhook \(url): \(reason)")
            case .success(let status, let bytes):
                guard (200..<300).contains(status) else {
                    return answer.fail("webhook \(url) answered HTTP \(status)")
                }
                answer.deliver(bytes, context: answered, limits: limits, source: "webhook \(url)")
            }
        }
        answer.onAbandon { task.cancel() }
        task.resume()
    }
}

/// The bodies of a session's answers, each cut off at `limit`: URLSession's delegate.
private final class BoundedBodies: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    // @unchecked: `pending` is only touched inside `state`'s lock; `limit` is immutable.
    enum Result {
        case success(status: Int, body: [UInt8])
        case failure(String)
    }

    private struct Pending {
        var body: [UInt8] = []
        var done: @Sendable (Result) -> Void
        var tooLarge = false
    }

    private let limit: Int
    private let state = Locked<[Int: Pending]>([:])

    init(limit: Int) { self.limit = limit }

    func expect(_ task: Int, _ done: @escaping @Sendable (Result) -> Void) {
        state.withLock { $0[task] = Pending(done: done) }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let overLimit = state.withLock { pending -> Bool in
            guard var entry = pending[dataTask.taskIdentifier] else { return false }
            if entry.body.count + data.count > limit {
                entry.tooLarge = true
                pending[dataTask.taskIdentifier] = entry
                return true
            }
            entry.body.append(contentsOf: data)
            pending[dataTask.taskIdentifier] = entry
            return false
        }
        if overLimit { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let entry = state.withLock({ $0.removeValue(forKey: task.taskIdentifier) }) else { return }
        if entry.tooLarge {
            entry.done(.failure("the answer is larger than the limit of \(limit) bytes"))
        } else if let error {
            entry.done(.failure(error.localizedDescription))
        } else {
            let status = (task.response as? HTTPURLResponse)?.statusCode ?? 0
            entry.done(.success(status: status, body: entry.body))
        }
    }
}
