public import Foundation

/// A live server the tests run against, through its GWS or its GMS front, and how patiently to
/// talk to it.
public struct LiveServer: Sendable {
    /// The GWS API's base URL, such as `http://127.0.0.1:8888/api` (chats are under `v2/chats`),
    /// or a GMS Chat API v2 service's URL, such as
    /// `http://127.0.0.1:8888/genesys/2/chat/customer-support` (a path ending in
    /// `genesys/2/chat/SERVICE`): the tests then talk GMS, as Genesys Widgets do.
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
