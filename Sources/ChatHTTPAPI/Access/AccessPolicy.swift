import Glibc
import HTTPServer

/// Who may talk to the server, in one place: which `Host` names it answers to, which web origins
/// may use `/emulator/` and are answered with credentialed CORS, what content type an
/// `/emulator/` POST needs, and whether GWS requests must name a contact center.
///
/// ``ChatAPI`` applies it to every request before routing, so a route added under `/emulator/`
/// gets the origin and content-type rules without doing anything.
struct AccessPolicy: Sendable {
    /// Host names answered besides the loopback names and addresses, in lower case.
    private let allowedNames: Set<String>
    /// `--allowed-host '*'`: any host (DNS rebinding is no longer refused).
    private let anyHost: Bool
    /// The addresses of this machine's interfaces, when the server listens on all of them
    /// (`0.0.0.0` or `::`): a client on the network names one of them.
    private let interfaceAddresses: Set<String>
    /// Origins answered with their own origin and `Access-Control-Allow-Credentials`, and allowed
    /// to use `/emulator/`; normalised by ``normalisedOrigin(_:)``.
    let corsOrigins: Set<String>
    let requiresContactCenterID: Bool

    init(configuration: ChatAPIConfiguration) {
        var names = Set(configuration.allowedHosts.map { Self.hostName($0) })
        anyHost = names.remove("*") != nil
        let listen = configuration.listenAddress.map { Self.hostName($0) }
        if let listen, !Self.wildcardAddresses.contains(listen) { names.insert(listen) }
        allowedNames = names
        interfaceAddresses = listen.map { Self.wildcardAddresses.contains($0) } == true ? Self.localInterfaceAddresses() : []
        corsOrigins = Set(configuration.corsOrigins.map(Self.normalisedOrigin))
        requiresContactCenterID = configuration.requireContactCenterID
    }

    private static let wildcardAddresses: Set<String> = ["0.0.0.0", "::", "0:0:0:0:0:0:0:0"]

    /// A `--host` or `--allowed-host` value as compared: lower case, without brackets.
    private static func hostName(_ text: String) -> String {
        if text != "*", let host = HTTPHost(parsing: text) { return host.name }  // `name:port` names `name`
        var name = text.lowercased()  // `::1`, `::`: IPv6 without brackets
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        return name
    }

    // MARK: Host (DNS rebinding)

    /// Refuses (421) a request addressed to a host this server does not answer to: a page on
    /// `http://attacker.example:8888` whose name was rebound to 127.0.0.1 sends
    /// `Host: attacker.example:8888`.
    func checkHost(_ request: HTTPRequest) throws(APIError) {
        guard !anyHost else { return }
        // Nearly every request says `localhost:PORT` or `127.0.0.1:PORT`: known without parsing.
        if request.target.hasPrefix("/"), let value = request.headers["Host"], Self.isPlainLoopback(value) { return }
        guard let host = request.addressedHost else {
            // HTTP/1.0 without Host: no browser sends that, so no page can be behind it.
            if request.headers["Host"] == nil, request.target.hasPrefix("/") { return }
            throw APIError(.badRequest, .invalidParameter, "The request names no valid host; send 'Host: localhost:PORT'.")
        }
        guard answers(to: host) else {
            throw APIError(
                .misdirectedRequest, .forbidden,
                "This server does not answer to the host '\(host.name)': it answers to localhost, loopback and its own addresses. Start it with --allowed-host \(host.name) to allow that name.")
        }
    }

    /// `localhost` or `127.0.0.1`, then nothing or `:` and digits, checked on the bytes.
    private static func isPlainLoopback(_ value: String) -> Bool {
        var utf8 = value.utf8[...]
        if utf8.starts(with: "localhost".utf8) {
            utf8 = utf8.dropFirst(9)
        } else if utf8.starts(with: "127.0.0.1".utf8) {
            utf8 = utf8.dropFirst(9)
        } else {
            return false
        }
        guard let colon = utf8.first else { return true }
        let digits = utf8.dropFirst()
        return colon == UInt8(ascii: ":") && !digits.isEmpty && digits.count <= 5
            && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    private func answers(to host: HTTPHost) -> Bool {
        let name = host.name
        if name == "localhost" || name.hasSuffix(".localhost") || allowedNames.contains(name) { return true }
        if Self.isLoopbackAddress(name) { return true }
        return interfaceAddresses.contains(Self.canonicalAddress(name) ?? name)
    }

    /// 127.0.0.0/8, `::1`, and IPv4-mapped loopback (`::ffff:127.0.0.1`), in any spelling
    /// `inet_pton` accepts.
    static func isLoopbackAddress(_ name: String) -> Bool {
        var v4 = in_addr()
        if inet_pton(AF_INET, name, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, name, &v6) == 1 else { return false }
        let bytes = withUnsafeBytes(of: v6) { Array($0) }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }
        return bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF && bytes[12] == 127
    }

    /// An IP address in `inet_ntop`'s spelling, so `::FFFF:10.0.0.1` and `::ffff:a00:1` compare equal.
    private static func canonicalAddress(_ name: String) -> String? {
        var v4 = in_addr()
        if inet_pton(AF_INET, name, &v4) == 1 { return ntop(AF_INET, &v4, Int(INET_ADDRSTRLEN)) }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, name, &v6) == 1 { return ntop(AF_INET6, &v6, Int(INET6_ADDRSTRLEN)) }
        return nil
    }

    private static func ntop(_ family: Int32, _ address: UnsafeRawPointer, _ size: Int) -> String? {
        var buffer = [UInt8](repeating: 0, count: size)
        let written = buffer.withUnsafeMutableBufferPointer { output in
            output.baseAddress!.withMemoryRebound(to: CChar.self, capacity: size) { inet_ntop(family, address, $0, socklen_t(size)) }
        }
        guard written != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// The IPv4 and IPv6 addresses of this machine's interfaces, read once at start.
    private static func localInterfaceAddresses() -> Set<String> {
        var first: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&first) == 0 else { return [] }
        defer { freeifaddrs(first) }
        var addresses: Set<String> = []
        var entry = first
        while let current = entry {
            defer { entry = current.pointee.ifa_next }
            guard let address = current.pointee.ifa_addr else { continue }
            switch Int32(address.pointee.sa_family) {
            case AF_INET:
                address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    var ip = $0.pointee.sin_addr
                    if let text = ntop(AF_INET, &ip, Int(INET_ADDRSTRLEN)) { addresses.insert(text) }
                }
            case AF_INET6:
                address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    var ip = $0.pointee.sin6_addr
                    if let text = ntop(AF_INET6, &ip, Int(INET6_ADDRSTRLEN)) { addresses.insert(text) }
                }
            default:
                break
            }
        }
        return addresses
    }

    // MARK: Origin and content type of /emulator/ (drive-by pages)

    /// `/emulator/` reads every chat and acts as the agent, so a page may use it only from the
    /// server's own origin (its pages) or an origin given with `--cors-origin`; scripts and curl
    /// send no `Origin` and are not affected. Its POSTs must be JSON (or empty, without a type):
    /// a page on another origin cannot send that without a preflight, which the origin rule refuses.
    func checkEmulatorRequest(_ request: HTTPRequest) throws(APIError) {
        if let origin = request.headers["Origin"], !isOwnOrigin(origin, of: request), !corsOrigins.contains(Self.normalisedOrigin(origin)) {
            throw APIError(
                .forbidden, .forbidden,
                "The origin '\(origin)' may not use /emulator/: only this server's own pages and the origins given with --cors-origin may. Start the server with --cors-origin \(origin) to allow it.")
        }
        // A POST with no body and no type (`curl -X POST .../emulator/reset`) carries nothing to parse.
        let bodiless = request.body.isEmpty && request.headers["Content-Type"] == nil
        if request.method == "POST", !bodiless, !Self.isJSON(request.headers["Content-Type"]) {
            throw APIError(
                .unsupportedMediaType, .invalidParameter,
                "POST to /emulator/ needs 'Content-Type: application/json', not '\(request.headers["Content-Type"] ?? "none")'.")
        }
    }

    /// Whether `origin` is `http://` and the host the request is addressed to: the page came from here.
    private func isOwnOrigin(_ origin: String, of request: HTTPRequest) -> Bool {
        guard let host = request.addressedHost else { return false }
        return Self.normalisedOrigin(origin) == Self.normalisedOrigin("http://\(host)")
    }

    /// Lower case, without a trailing slash and without the scheme's default port.
    static func normalisedOrigin(_ origin: String) -> String {
        var text = origin.lowercased()
        if text.hasSuffix("/") { text.removeLast() }
        if text.hasPrefix("http://"), text.hasSuffix(":80") { text.removeLast(3) }
        if text.hasPrefix("https://"), text.hasSuffix(":443") { text.removeLast(4) }
        return text
    }

    /// `application/json`, with any parameters, in any case.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = contentType.prefix { $0 != ";" }
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = mediaType.firstIndex(where: { !isBlank($0) }), let last = mediaType.lastIndex(where: { !isBlank($0) }) else { return false }
        return mediaType[first...last].lowercased() == "application/json"
    }

    // MARK: Contact center (GWS)

    /// With `--require-contact-center-id`, a GWS request without `ContactCenterId` is refused, as
    /// a real GWS refuses it.
    func checkContactCenterID(_ request: HTTPRequest) throws(APIError) {
        guard requiresContactCenterID else { return }
        let values = request.headers.values(for: "ContactCenterId")
        guard values.count == 1, !values[0].isEmpty else {
            throw APIError(
                .badRequest, .invalidParameter,
                values.count > 1
                    ? "The request has \(values.count) 'ContactCenterId' headers; send exactly one."
                    : "The 'ContactCenterId' header is required by this server (--require-contact-center-id); send your contact center's id.")
        }
    }

    // MARK: CORS answers

    /// The cross-origin headers of an answer. A listed origin gets itself back with
    /// `Access-Control-Allow-Credentials: true` (a widget with `withCredentials`); others get `*`
    /// on the GWS API and the pages, and nothing on `/emulator/`, which only its own pages and
    /// listed origins may read.
    func addCORSHeaders(to headers: inout HTTPHeaders, for request: HTTPRequest, isEmulator: Bool) {
        if !corsOrigins.isEmpty {
            headers.add("Vary", "Origin")
            if let origin = request.headers["Origin"], corsOrigins.contains(Self.normalisedOrigin(origin)) {
                headers.set(CORS.allowOrigin, origin)
                headers.set("Access-Control-Allow-Credentials", "true")
                return
            }
        }
        if isEmulator {
            headers.remove(CORS.allowOrigin)
        } else {
            CORS.addHeaders(to: &headers)
        }
    }
}
