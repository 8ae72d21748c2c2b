import Foundation
import Logging
import Testing
@testable import EmulatorKit

/// The log file's cap and the line format, written without the standard-error echo.
@Suite struct LogSinkTests {
    private func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("log-sink-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func logFile_isRenamedToDot1_andRestarted_soTheFolderStaysWithinTwiceTheCap() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("emulator.log")
        let sink = try LogSink(fileURL: file, maxFileBytes: 1_000, echoToStandardError: false)
        for number in 0..<200 {
            sink.write("line \(String(format: "%03d", number)) " + String(repeating: "x", count: 40) + "\n")
            if number % 7 == 0 { sink.flush() }  // batches of different sizes
        }
        sink.close()
        let current = try String(contentsOf: file, encoding: .utf8)
        let previous = try String(contentsOf: folder.appendingPathComponent("emulator.log.1"), encoding: .utf8)
        #expect(current.utf8.count <= 1_000)
        #expect(previous.utf8.count <= 1_000)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["emulator.log", "emulator.log.1"])
        // The newest lines are kept, whole and in order, across the two files.
        let lines = (previous + current).split(separator: "\n")
        #expect(lines.last?.hasPrefix("line 199 ") == true)
        let numbers = lines.compactMap { Int($0.dropFirst(5).prefix(3)) }
        #expect(numbers == Array((numbers.first ?? 0)...199))
    }

    @Test func aLinkPlantedAsTheLogFile_isNeverFollowed() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outside = folder.appendingPathComponent("outside.txt")
        try Data("precious\n".utf8).write(to: outside)
        let file = folder.appendingPathComponent("emulator.log")
        try FileManager.default.createSymbolicLink(at: file, withDestinationURL: outside)
        let error = try #require(throws: POSIXError.self) { try LogSink(fileURL: file, echoToStandardError: false) }
        #expect(error.code == .ELOOP)
        // Planted as the rotation's target instead: rotating replaces the link, never writes through it.
        try FileManager.default.removeItem(at: file)
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("emulator.log.1"), withDestinationURL: outside)
        let sink = try LogSink(fileURL: file, maxFileBytes: 100, echoToStandardError: false)
        for number in 0..<10 { sink.write("line \(number) " + String(repeating: "x", count: 40) + "\n") }
        sink.close()
        #expect(try String(contentsOf: outside, encoding: .utf8) == "precious\n")
    }

    @Test func aLogFileStartedEarlier_countsTowardTheCap() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("emulator.log")
        try Data(String(repeating: "old\n", count: 240).utf8).write(to: file)  // 960 bytes
        let sink = try LogSink(fileURL: file, maxFileBytes: 1_000, echoToStandardError: false)
        sink.write(String(repeating: "n", count: 99) + "\n")
        sink.close()
        #expect(try String(contentsOf: file, encoding: .utf8) == String(repeating: "n", count: 99) + "\n")
        #expect(try Data(contentsOf: folder.appendingPathComponent("emulator.log.1")).count == 960)
    }

    @Test func line_hasTimestampLevelLabelMessageAndSortedMetadata() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("emulator.log")
        let sink = try LogSink(fileURL: file, echoToStandardError: false)
        var logger = Logger(label: "chat") { label in LineLogHandler(label: label, sink: sink, level: .info) }
        logger[metadataKey: "zone"] = "z"
        logger.info("Message from Customer", metadata: ["text": "hi", "chat": "c1"])
        logger.debug("not written")
        sink.close()
        let line = try String(contentsOf: file, encoding: .utf8)
        let stamp = try #require(line.split(separator: " ").first)
        #expect(stamp.utf8.count == 24)
        #expect(try #require(stamp.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/)).output == stamp)
        #expect(line.dropFirst(25) == "info chat: Message from Customer chat=c1 text=hi zone=z\n")
    }

    @Test func timestamp_writesUTCWithMilliseconds() {
        var line: [UInt8] = Array("x ".utf8)
        // 2026-11-25T15:14:53.007Z; then one millisecond before 1970.
        LogTimestamp.append(seconds: 1_795_619_693, milliseconds: 7, to: &line)
        #expect(String(decoding: line, as: UTF8.self) == "x 2026-11-25T15:14:53.007Z")
        line = []
        LogTimestamp.append(seconds: -1, milliseconds: 999, to: &line)
        #expect(String(decoding: line, as: UTF8.self) == "1969-12-31T23:59:59.999Z")
    }

    @Test func timestampCache_rewritesTheMilliseconds_andTheRestWhenTheSecondChanges() {
        var cache = LogTimestamp.Cache()
        var line: [UInt8] = []
        for (seconds, milliseconds) in [(1_795_619_693, 7), (1_795_619_693, 999), (1_795_619_694, 0), (86_399, 5)] {
            cache.append(seconds: seconds, milliseconds: milliseconds, to: &line)
            line.append(UInt8(ascii: " "))
        }
        #expect(
            String(decoding: line, as: UTF8.self)
                == "2026-11-25T15:14:53.007Z 2026-11-25T15:14:53.999Z 2026-11-25T15:14:54.000Z 1970-01-01T23:59:59.005Z ")
    }

    @Test func civilDate_matchesTheCalendar() {
        #expect(LogTimestamp.civilDate(daysSince1970: 0) == (1970, 1, 1))
        #expect(LogTimestamp.civilDate(daysSince1970: -1) == (1969, 12, 31))
        #expect(LogTimestamp.civilDate(daysSince1970: 11_016) == (2000, 2, 29))
        #expect(LogTimestamp.civilDate(daysSince1970: 19_782) == (2024, 2, 29))
        #expect(LogTimestamp.civilDate(daysSince1970: 20_424) == (2025, 12, 2))
        // Every day of four centuries against Foundation's Gregorian calendar in UTC.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for day in stride(from: -36_524, to: 109_572, by: 1) where day % 97 == 0 {
            let parts = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(day) * 86_400))
            #expect(LogTimestamp.civilDate(daysSince1970: day) == (parts.year!, parts.month!, parts.day!), "day \(day)")
        }
    }
}
