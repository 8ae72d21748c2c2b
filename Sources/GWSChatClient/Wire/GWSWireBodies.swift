/// A GetTranscript answer.
package struct GWSTranscript: Hashable, Sendable {
    package var messages: [GWSMessage]

    package init(messages: [GWSMessage]) {
        self.messages = messages
    }
}

/// A refusal's body: `{"statusCode": N, "statusMessage": "..."}`.
package struct GWSErrorBody: Hashable, Sendable {
    /// The GWS status code (1 invalid parameter, 2 invalid state, 4 internal, 6 not found,
    /// 20 not authenticated, ...).
    package var statusCode: Int
    package var statusMessage: String

    package init(statusCode: Int, statusMessage: String) {
        self.statusCode = statusCode
        self.statusMessage = statusMessage
    }
}
