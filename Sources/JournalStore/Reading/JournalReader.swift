public import ChatCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a chat journal: one ``JournalRecord`` per line. The one reader of journal files, used
/// by the store's recovery, by ReplayBot's recordings and by tests that damage journals on
/// purpose.
///
/// Damage is reported, never fatal: a line that is not a record, or a message whose index does
/// not follow the previous message's (a duplicated line), is skipped; bytes after the last
/// newline are a torn last line, left by a crash in the middle of a write.
public enum JournalReader {
    /// Reads journal bytes.
    public static func read(_ bytes: [UInt8]) -> JournalReading {
        var reading = JournalReading(records: [], damage: [], completeLength: 0, byteCount: bytes.count)
        var lastMessageIndex = 0
        var lineStart = 0
        var lineNumber = 0
        bytes.withUnsafeBufferPointer { buffer in
            while lineStart < buffer.count {
                lineNumber += 1
                guard let found = memchr(buffer.baseAddress! + lineStart, Int32(UInt8(ascii: "\n")), buffer.count - lineStart) else {
                    reading.damage.append(
                        JournalDamage(
                            line: lineNumber, kind: .tornLastLine,
                            problem: "torn last line (\(buffer.count - lineStart) bytes without a newline), left by a crash during a write"))
                    break
                }
                let newline = buffer.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
                defer {
                    lineStart = newline + 1
                    reading.completeLength = lineStart
                }
                let record: JournalRecord
                do throws(JournalDecodingError) {
                    record = try JournalRecord(line: Array(UnsafeBufferPointer(rebasing: buffer[lineStart..<newline])))
                } catch {
                    reading.damage.append(JournalDamage(line: lineNumber, kind: .unreadableLine, problem: error.description))
                    continue
                }
                if let message = record.message {
                    guard message.index > lastMessageIndex else {
                        reading.damage.append(
                            JournalDamage(
                                line: lineNumber, kind: .repeatedMessage,
                                problem: "message index \(message.index) does not follow \(lastMessageIndex) (a repeated line)"))
                        continue
                    }
                    lastMessageIndex = message.index
                }
                reading.records.append(record)
            }
        }
        return reading
    }

    /// Reads the journal at `path` (following a symbolic link: this is for files a user names;
    /// the store's recovery never follows one).
    public static func read(contentsOf path: String) throws(JournalStoreError) -> JournalReading {
        let fd = try JournalFile.openForReading(path)
        defer { JournalFile.close(fd) }
        return read(try JournalFile.readAll(fd, path: path))
    }
}

/// What ``JournalReader`` read: the records, and the damage it skipped.
public struct JournalReading: Sendable {
    /// The readable records, in file order.
    public var records: [JournalRecord]
    /// Every line skipped, in file order.
    public var damage: [JournalDamage]
    /// The bytes of complete lines; a torn last line starts here.
    public var completeLength: Int
    /// The bytes read.
    public var byteCount: Int

    /// Whether the bytes end in a torn last line.
    public var hasTornLastLine: Bool { completeLength < byteCount }
}

/// A journal line that was skipped, and why.
public struct JournalDamage: Sendable, Equatable, CustomStringConvertible {
    /// What kind of damage; a struct with a name so that kinds can be added.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// Bytes after the last newline: a crash in the middle of a write.
        public static let tornLastLine = Kind(name: "tornLastLine")
        /// A complete line that is not a journal record (damaged bytes, an unknown event, a
        /// format version this build does not read).
        public static let unreadableLine = Kind(name: "unreadableLine")
        /// A message whose index does not follow the previous message's: a repeated line.
        public static let repeatedMessage = Kind(name: "repeatedMessage")
        public var description: String { name }
    }

    /// 1-based.
    public var line: Int
    public var kind: Kind
    public var problem: String

    package init(line: Int, kind: Kind, problem: String) {
        self.line = line
        self.kind = kind
        self.problem = problem
    }

    public var description: String { "line \(line): \(problem)" }
}
