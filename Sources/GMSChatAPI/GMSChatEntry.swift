import ChatCore
import ChatHTTPAPI
import GMSWire

/// What the GMS front keeps of one chat so that a poll costs little (``GMSFront``'s cache): its
/// credentials, derived once; the answer's head, which holds them
/// (`{"statusCode":0,"alias":…,"userId":…,"secureKey":…,"messages":[`); and each message's GMS
/// JSON, written once (a message never changes once added). GWS's GetTranscript keeps its
/// messages the same way.
final class GMSChatEntry: Sendable {
    /// The chat's id as answers write it.
    let chatId: String
    let credentials: GMSCredentials
    let head: [UInt8]
    let messages = MessageFragments { message, writer in GMSWire.write(GMSVocabulary.message(message), to: &writer) }

    init(chat id: ChatID, credentials: GMSCredentials, alias: String) {
        chatId = id.description
        self.credentials = credentials
        head = GMSWire.head(GMSAnswer(userId: credentials.userId, secureKey: credentials.secureKey, alias: alias))
    }
}
