import Foundation
import HTTPTesting

extension RawHTTPClient {
    /// Sends one request on this keep-alive connection and reads its answer.
    func request(_ method: String, _ path: String, json: String? = nil) throws -> RawHTTPClient.Response {
        if let json {
            try send(Raw.post(path, body: json, headers: "Content-Type: application/json\r\n").replacingOccurrences(of: "POST ", with: "\(method) ", options: .anchored))
        } else {
            try send("\(method) \(path) HTTP/1.1\r\nHost: localhost\r\n\r\n")
        }
        return try readResponse()
    }
}

extension RawHTTPClient.Response {
    /// The body as a JSON object, if it is one.
    var json: [String: Any]? { try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] }
}
