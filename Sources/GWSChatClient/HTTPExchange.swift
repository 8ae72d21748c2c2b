import Locking

// URLRequest, in the package declarations, is FoundationNetworking's on Linux, Foundation's elsewhere.
#if canImport(FoundationNetworking)
import Foundation
package import FoundationNetworking
#else
package import Foundation
#endif

/// One HTTP request of a ``GWSClient`` (or of the package's GMS client) and its answer, under the client's bounds: the answer's
/// size, a total deadline, and redirects only within the origin (the `apikey` header never leaves
/// it).
///
/// URLSession's own async `data(for:)` collects the whole body before it returns and follows
/// redirects on its own; bounding both needs the session's data delegate, which this bridges to
/// `async` with a continuation (no thread waits).
package struct HTTPExchange: Sendable {
    /// A complete answer.
    package struct Answer: Sendable {
        package var status: Int
        package var body: [UInt8]
    }

    /// Why there is no complete answer.
    package enum Failure: Error, Sendable {
        case transport(String)
        case deadline(Duration)
        case tooLarge(limit: Int)
        case crossOriginRedirect(status: Int, to: String)
        case cancelled

        /// What went wrong, in words.
        package var explanation: String {
            switch self {
            case .transport(let reason): reason
            case .deadline(let limit): "no complete answer within \(limit) (the client's timeout)"
            case .tooLarge(let limit): "an answer larger than \(limit) bytes"
            case .crossOriginRedirect(let status, let location): "a redirect (HTTP \(status)) to another origin (\(location)), not followed"
            case .cancelled: "cancelled"
            }
        }
    }

    package let request: URLRequest
    package let maxAnswerBytes: Int
    package let deadline: Duration

    package init(request: URLRequest, maxAnswerBytes: Int, deadline: Duration) {
        self.request = request
        self.maxAnswerBytes = maxAnswerBytes
        self.deadline = deadline
    }

    /// Sends the request and waits for the whole answer, without blocking a thread.
    package func run() async -> Result<Answer, Failure> {
        let pending = PendingTask()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                start(pending: pending) { continuation.resume(returning: $0) }
            }
        } onCancel: {
            pending.cancel()
        }
    }

    /// Sends the request and blocks the calling thread until the whole answer (for command-line
    /// tools; never call it from async code).
    package func runBlocking() -> Result<Answer, Failure> {
        let done = NSCondition()
        let outcome = Locked<Result<Answer, Failure>?>(nil)
        start(pending: PendingTask()) { result in
            done.lock()
            outcome.withLock { $0 = result }
            done.signal()
            done.unlock()
        }
        done.lock()
        while outcome.withLock({ $0 }) == nil { done.wait() }
        done.unlock()
        return outcome.withLock { $0 }!
    }

    private func start(pending: PendingTask, completion: @escaping @Sendable (Result<Answer, Failure>) -> Void) {
        let state = ExchangeState(limit: maxAnswerBytes, origin: Origin(request.url), completion: completion)
        let task = SessionDelegate.session.dataTask(with: request)
        SessionDelegate.shared.register(task, state)
        guard pending.attach(task) else {
            state.finish(.failure(.cancelled))
            SessionDelegate.shared.unregister(task)
            return
        }
        let seconds = Double(deadline.components.seconds) + Double(deadline.components.attoseconds) / 1e18
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [weak task] in
            if state.finish(.failure(.deadline(deadline))) { task?.cancel() }
        }
        task.resume()
    }
}

/// The task of an exchange, for cancelling it from a task's cancellation handler that may run
/// before the task exists.
private final class PendingTask: Sendable {
    private let state = Locked<(task: URLSessionDataTask?, cancelled: Bool)>((nil, false))

    /// `false` when the exchange was cancelled before it started.
    func attach(_ task: URLSessionDataTask) -> Bool {
        state.withLock { state in
            state.task = task
            return !state.cancelled
        }
    }

    func cancel() {
        state.withLock { state in
            state.cancelled = true
            return state.task
        }?.cancel()
    }
}

/// Scheme, host and port: what a redirect may not leave with the `apikey`.
private struct Origin: Equatable {
    var scheme: String?
    var host: String?
    var port: Int?

    init(_ url: URL?) {
        scheme = url?.scheme?.lowercased()
        host = url?.host?.lowercased()
        port = url?.port ?? (scheme == "https" ? 443 : scheme == "http" ? 80 : nil)
    }
}

/// What one exchange has received so far; finished exactly once.
private final class ExchangeState: Sendable {
    private struct Received {
        var status = 0
        var body: [UInt8] = []
        var finished = false
    }

    let limit: Int
    let origin: Origin
    private let completion: @Sendable (Result<HTTPExchange.Answer, HTTPExchange.Failure>) -> Void
    private let received = Locked(Received())

    init(limit: Int, origin: Origin, completion: @escaping @Sendable (Result<HTTPExchange.Answer, HTTPExchange.Failure>) -> Void) {
        self.limit = limit
        self.origin = origin
        self.completion = completion
    }

    /// Appends `data`; `false` once the answer is over the limit (the exchange is then finished).
    func append(_ data: Data) -> Bool {
        let over = received.withLock { received in
            guard !received.finished else { return false }
            guard received.body.count + data.count <= limit else { return true }
            received.body.append(contentsOf: data)
            return false
        }
        if over { finish(.failure(.tooLarge(limit: limit))) }
        return !over
    }

    func setStatus(_ status: Int) {
        received.withLock { $0.status = status }
    }

    /// The answer as received so far.
    var answer: HTTPExchange.Answer {
        received.withLock { HTTPExchange.Answer(status: $0.status, body: $0.body) }
    }

    /// Finishes the exchange with `result` unless it finished already; `true` when this call did.
    @discardableResult
    func finish(_ result: Result<HTTPExchange.Answer, HTTPExchange.Failure>) -> Bool {
        let first = received.withLock { received in
            defer { received.finished = true }
            return !received.finished
        }
        if first { completion(result) }
        return first
    }
}

/// The one session of every client, and its delegate: it routes each task's events to the
/// task's ``ExchangeState``.
private final class SessionDelegate: NSObject, URLSessionDataDelegate, Sendable {
    static let shared = SessionDelegate()
    /// Lives as long as the process, like `URLSession.shared`; its delegate queue is its own.
    static let session = URLSession(configuration: .ephemeral, delegate: shared, delegateQueue: nil)

    private let exchanges = Locked<[Int: ExchangeState]>([:])

    func register(_ task: URLSessionTask, _ state: ExchangeState) {
        exchanges.withLock { $0[task.taskIdentifier] = state }
    }

    func unregister(_ task: URLSessionTask) {
        exchanges.withLock { $0[task.taskIdentifier] = nil }
    }

    private func state(of task: URLSessionTask) -> ExchangeState? {
        exchanges.withLock { $0[task.taskIdentifier] }
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        guard let state = state(of: dataTask) else { return completionHandler(.cancel) }
        state.setStatus((response as? HTTPURLResponse)?.statusCode ?? 0)
        if response.expectedContentLength > Int64(state.limit) {
            state.finish(.failure(.tooLarge(limit: state.limit)))
            return completionHandler(.cancel)
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard let state = state(of: dataTask), state.append(data) else { return dataTask.cancel() }
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        guard let state = state(of: task) else { return completionHandler(nil) }
        guard Origin(request.url) == state.origin else {
            // Not followed: the apikey (and a message's text) stay with the origin asked. The task
            // then completes with the redirect itself (cancelling it here would upset
            // FoundationNetworking, which still waits for this handler).
            state.finish(.failure(.crossOriginRedirect(status: response.statusCode, to: request.url?.absoluteString ?? "?")))
            return completionHandler(nil)
        }
        completionHandler(request)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let state = exchanges.withLock({ $0.removeValue(forKey: task.taskIdentifier) }) else { return }
        if let error {
            state.finish(.failure(.transport(error.localizedDescription)))
        } else {
            state.finish(.success(state.answer))
        }
    }
}
