package import Foundation
package import ChatCore

/// How the core's vocabulary is spelled on the GMS wire: the one table of names that differ
/// between GWS and GMS. A message type or party kind not listed here keeps its GWS name
/// (`ParticipantJoined`, `Notice`, `IdleAlert`, `Agent`, `External`, `Supervisor` ...), so a type
/// the core gains appears on the GMS front without touching this file, unless GMS names it
/// otherwise.
package enum GMSVocabulary {
    /// Core (GWS) message type → GMS message type.
    package static let messageTypes: [String: String] = [
        "Text": "Message",
        // GMS lists no rejoin: its clients know a party by `participantId`, and see the same
        // id join again.
        "ParticipantRejoined": "ParticipantJoined",
    ]

    /// Core (GWS) participant kind → GMS party type.
    package static let partyTypes: [String: String] = [
        "Customer": "Client"
    ]

    /// The GMS name of a core message type.
    package static func messageType(_ gwsName: String) -> String { messageTypes[gwsName] ?? gwsName }

    /// The GMS name of a core participant kind.
    package static func partyType(_ gwsName: String) -> String { partyTypes[gwsName] ?? gwsName }

    /// The core (GWS) name of a GMS message type, for a client reading GMS: ``messageTypes``
    /// backwards where it is one to one. A GMS name that is a core type's own stays: a
    /// `ParticipantJoined` reads as a join (a rejoin is a join of a participant id seen leaving).
    package static func coreMessageType(_ gmsName: String) -> String {
        if ChatMessage.Kind.known.contains(ChatMessage.Kind(gmsName)) { return gmsName }
        return messageTypes.first { $0.value == gmsName }?.key ?? gmsName
    }

    /// The core (GWS) name of a GMS party type (`Client` → `Customer`).
    package static func corePartyType(_ gmsName: String) -> String {
        partyTypes.first { $0.value == gmsName }?.key ?? gmsName
    }

    /// A transcript message as GMS shows it: its type and party renamed, the participant id as a
    /// number, the time in milliseconds since 1970.
    package static func message(_ message: ChatMessage) -> GMSMessage {
        var gms = GMSMessage(
            index: message.index, type: messageType(message.kind.name), from: party(message.from), text: message.text,
            utcTime: utcTime(message.time))
        if let file = message.file {
            // As Chat Server sends FileUploaded / FileDeleted: the text is the file's id, the rest in userData.
            gms.text = file.id.description
            gms.userData = [
                "file-id": file.id.description, "file-name": file.name, "file-size": String(file.size), "file-type": file.contentType,
                "file-source": "client",
            ]
        }
        return gms
    }

    /// A time as GMS writes it: milliseconds since 1970.
    package static func utcTime(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    package static func party(_ participant: Participant) -> GMSParty {
        GMSParty(nickname: participant.nickname, participantId: Int(participant.id) ?? 0, type: partyType(participant.kind.name))
    }
}
