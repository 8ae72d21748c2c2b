public import Foundation

/// A live GWS-compatible server the tests run against, and how patiently to talk to it.
public struct LiveServer: Sendable {
    /// The API's base URL, such as `http://127.0.0.1:8888/api` (chats are under `v2/chats`).
    public var baseURL: URL
    /// Sent as the `apikey` header when set.
    public var apiKey: String?
    /// How often the transcript is polled while a step waits for the agent.
    public var pollInterval: Duration = .milliseconds(100)
    /// How long one HTTP request may take before the step fails.
    public var requestTimeout: Duration = .seconds(10)

    public init(baseURL: URL, apiKey: String? = nil) {
        self.baseURL = baseURL
        self.apiKey = apiKey
    }
}
