import ChatCore
import Foundation
import JournalStore
import LastCharacterBot

/// Property: a host starts on any journal, torn or damaged. Every recovered chat has a transcript
/// whose indices are unique and increasing from 1 (a damaged line may leave a gap, never a
/// repeat), and it accepts new work, numbered after them (or refuses it with a ``ChatError`` that
/// names the chat's state, never an internal failure).
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
            if let bad = zip([0] + indices, indices).first(where: { $0.0 >= $0.1 }) {
                return FuzzFinding("recovered transcript indices \(indices) are not increasing from 1 (\(bad.0) then \(bad.1))")
            }
            do {
                try host.sendMessage("after recovery", to: id)
                let after = try host.transcript(of: id, from: 0).map(\.index)
                if after.count <= indices.count || after.last.map({ $0 <= (indices.last ?? 0) }) ?? true {
                    return FuzzFinding("after recovery, SendMessage left indices \(after) (were \(indices))")
                }
            } catch let error where error.code != .internalFailure {
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
