import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A failed request to a live server: the HTTP or GWS status and what the server said.
struct LiveServerError: Error, CustomStringConvertible {
    var description: String
}

/// The customer's calls of the GWS Chat API v2 over HTTP, one blocking request at a time.
struct GWSClient: Sendable {
    let server: LiveServer

    /// POST `path` with a JSON body; returns the decoded JSON object of a successful answer.
    func post(_ path: String, _ body: [String: Any]) throws -> [String: Any] {
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        return try request("POST", path, body: data)
    }

    func get(_ path: String) throws -> [String: Any] {
        try request("GET", path, body: nil)
    }

    private func request(_ method: String, _ path: String, body: Data?) throws -> [String: Any] {
        guard let url = URL(string: path, relativeTo: server.baseURL.appendingPathComponent("")) else {
            throw LiveServerError(description: "cannot form a URL from \(server.baseURL) and \(path)")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = server.requestTimeout.timeInterval
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let apiKey = server.apiKey { request.setValue(apiKey, forHTTPHeaderField: "apikey") }

        let (data, response) = try Self.send(request)
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let gwsStatus = (object?["statusCode"] as? NSNumber)?.intValue
        guard status == 200, let object, gwsStatus ?? 0 == 0 else {
            let message = object?["statusMessage"] as? String ?? String(decoding: data.prefix(200), as: UTF8.self)
            throw LiveServerError(description: "\(method) \(url.absoluteString) answered HTTP \(status)\(gwsStatus.map { ", statusCode \($0)" } ?? ""): \(message)")
        }
        return object
    }

    /// Sends `request` and waits for the answer (URLSession's own timeout bounds the wait).
    private static func send(_ request: URLRequest) throws -> (Data, URLResponse?) {
        let done = DispatchSemaphore(value: 0)
        let result = ResultBox()
        URLSession.shared.dataTask(with: request) { data, response, error in
            result.store(data: data, response: response, error: error)
            done.signal()
        }.resume()
        done.wait()
        return try result.take(for: request)
    }
}

/// Carries a URLSession answer from its delegate queue to the waiting thread.
private final class ResultBox: @unchecked Sendable {
    // @unchecked: written once by the completion handler before `done.signal()`, read only after
    // `done.wait()`; the semaphore orders the two.
    private var data: Data?
    private var response: URLResponse?
    private var error: (any Error)?

    func store(data: Data?, response: URLResponse?, error: (any Error)?) {
        self.data = data
        self.response = response
        self.error = error
    }

    func take(for request: URLRequest) throws -> (Data, URLResponse?) {
        if let error {
            throw LiveServerError(description: "\(request.httpMethod ?? "GET") \(request.url?.absoluteString ?? "") failed: \(error.localizedDescription)")
        }
        return (data ?? Data(), response)
    }
}
