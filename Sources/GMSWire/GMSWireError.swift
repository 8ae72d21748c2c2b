package import GWSChatClient

/// Why bytes are not the GMS answer they were read as, and where (a member path such as
/// `messages[2].from.participantId`): the same error as the GWS codec's, one type for both wires.
package typealias GMSWireError = GWSWireError
