package import HTTPServer
package import Logging

extension ChatAPI {
    /// An ``HTTPServer`` serving this API, whose own refusals (malformed requests, limits,
    /// deadlines) are answered in the JSON error format of the API at the request's path, with
    /// CORS headers.
    package func makeServer(configuration: HTTPServer.Configuration = .init(), logger: Logger = Logger(label: "http", factory: { _ in SwiftLogNoOpLogHandler() })) -> HTTPServer {
        var configuration = configuration
        configuration.protocolErrorResponder = protocolErrorResponse
        return HTTPServer(configuration: configuration, handler: self, logger: logger)
    }
}
