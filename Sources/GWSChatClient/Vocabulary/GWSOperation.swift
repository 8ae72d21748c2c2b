/// A customer operation of the GWS API, spelled as GWS spells it (`operationName`, and the
/// entries of a chat's `capabilities`).
///
/// A struct with a name rather than an enum: an operation this build does not know is kept by
/// its name when a server lists it, so switch over it with a `default:` case.
public struct GWSOperation: Hashable, Sendable, CustomStringConvertible {
    /// The operation's name on the wire (`"SendMessage"`, ...).
    public let name: String
    public init(_ name: String) { self.name = name }

    public static let sendMessage = GWSOperation("SendMessage")
    public static let sendStartTypingNotification = GWSOperation("SendStartTypingNotification")
    public static let sendStopTypingNotification = GWSOperation("SendStopTypingNotification")
    public static let complete = GWSOperation("Complete")

    /// The operations of the GWS API, in the order GWS lists them in a chat's `capabilities`.
    public static let known: [GWSOperation] = [.sendMessage, .sendStartTypingNotification, .sendStopTypingNotification, .complete]

    /// Whether this build knows the operation (one of ``known``).
    public var isKnown: Bool { Self.known.contains(self) }

    public var description: String { name }
}
