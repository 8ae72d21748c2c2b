/// Chat Server's inactivity control (its `inactivity-control` options), for
/// ``ChatHostConfiguration/idleControl``: a customer who does nothing for ``alertAfter`` gets an
/// `IdleAlert` from the system participant; one who still does nothing for ``closeAfter`` after
/// it gets an `IdleClose`, and the server closes the chat (it becomes `Idle`).
///
/// What counts as the customer doing something follows Chat Server's default
/// (`include-notices = major`): a message, a notice, a pushed page, a new nickname; typing
/// notifications do not count. The clock starts when the chat is requested. Off by default, as in
/// Chat Server (`serve --idle-alert 4m15s --idle-close 45s` turns it on).
public struct IdleControl: Sendable, Hashable {
    /// How long the customer may do nothing before the alert (Chat Server's `timeout-alert`).
    public var alertAfter: Duration
    /// How long after the alert, still doing nothing, the chat is closed (`timeout-close`).
    public var closeAfter: Duration
    /// The alert's text (Chat Server's `message-alert` default).
    public var alertText = "Chat session will be closed soon due to inactivity of chat participants."
    /// The text the chat is closed with (Chat Server's `message-close` default).
    public var closeText = "Chat session closed due to inactivity of chat participants."

    /// Chat Server's defaults when inactivity control is enabled: `timeout-alert` 255 s (4m15s),
    /// `timeout-close` 45 s.
    public static let chatServerDefaults = IdleControl(alertAfter: .seconds(255), closeAfter: .seconds(45))

    public init(alertAfter: Duration, closeAfter: Duration) {
        self.alertAfter = alertAfter
        self.closeAfter = closeAfter
    }
}
