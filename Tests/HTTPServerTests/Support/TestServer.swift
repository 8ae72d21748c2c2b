import HTTPServer
import Logging

/// Starts a server on 127.0.0.1 and an ephemeral port for one test, and stops it afterwards.
func withTestServer<T>(
    configure: (inout HTTPServer.Configuration) -> Void = { _ in },
    handler: any HTTPHandler = EchoHandler(),
    _ body: (_ port: Int, _ server: HTTPServer) throws -> T
) throws -> T {
    var configuration = HTTPServer.Configuration()
    configuration.host = "127.0.0.1"
    configuration.port = 0
    configuration.workerCount = 2
    configuration.accessLogLevel = nil
    configure(&configuration)
    var logger = Logger(label: "http-test")
    logger.logLevel = .critical
    let server = HTTPServer(configuration: configuration, handler: handler, logger: logger)
    let port = try server.start()
    defer { server.stop() }
    return try body(port, server)
}

/// Answers with what it received: `METHOD path` on the first line, then the body.
struct EchoHandler: HTTPHandler {
    func handle(_ request: HTTPRequest) -> HTTPResponse {
        var body = Array("\(request.method) \(request.target)\n".utf8)
        body.append(contentsOf: request.body)
        return HTTPResponse(headers: ["Content-Type": "text/plain"], body: body)
    }
}
