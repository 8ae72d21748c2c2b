import ChatCore
import Foundation
import JournalStore
import LastCharacterBot

/// Property: a host starts on any journal, torn or damaged. Every recovered chat has a transcript
/// numbered 1, 2, 3 … without gaps or repeats, and accepts new work (or refuses it with a
/// ``ChatError`` that names the chat's state, never an internal failure).
enum JournalTarget {
    /// The id the fuzzed journal is filed under.
    static let chatID = "6f9619ff-8b86-4d01-b42d-00c04fc964ff"

    static func run(_ input: [UInt8]) -> FuzzFinding? {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gws-fuzz-journal-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store: JournalStore
        do {
            store = try JournalStore(dataDirectory: folder, logger: silentLogger)
            try Data(input).write(to: store.chatsDirectory.appendingPathComponent("\(chatID).jsonl"))
        } catch {
            return FuzzFinding("could not write the journal to a temporary folder: \(error)")
        }
        let host: ChatHost
        do {
            host = try ChatHost(responder: LastCharacterResponder(), clock: ManualClock(), store: store, logger: silentLogger)
        } catch {
            return FuzzFinding("the host refused to start on a damaged journal: \(error)")
        }
        defer { host.shutdown() }
        for id in host.chatIDs {
            let transcript: [ChatMessage]
            do {
                transcript = try host.transcript(of: id, from: 0)
            } catch {
                return FuzzFinding("a recovered chat has no transcript: \(error)")
            }
            let indices = transcript.map(\.index)
            if indices != (0..<indices.count).map({ $0 + 1 }) {
                return FuzzFinding("recovered transcript indices are \(indices), not 1…\(indices.count)")
            }
            do {
                try host.sendMessage("after recovery", to: id)
            } catch where error.code != .internalFailure {
                // Refused for the chat's state: right for a completed chat.
            } catch {
                return FuzzFinding("SendMessage on a recovered chat failed: \(error)")
            }
        }
        do {
            _ = try host.requestChat(nickname: "after", subject: "recovery")
        } catch {
            return FuzzFinding("RequestChat after recovery failed: \(error)")
        }
        return nil
    }
}
