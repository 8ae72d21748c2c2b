import Foundation
import Testing

/// The `gws-emulator chat` and `check` samples of README.md, docs/ and Bots/README.md, run as shown:
/// the sample's output must be what the command prints (from its start), so a sample that the
/// shipped bots or the tool outgrow fails here.
@Suite struct ReadmeShellExamplesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Sample: CustomTestStringConvertible, Sendable {
        var place: String
        var arguments: [String]
        var input: String
        var output: [String]
        var testDescription: String { place }
    }

    /// Indented `$ gws-emulator ...` samples (optionally fed by `printf '...' |`), with the
    /// indented lines after them as the expected output; `> text` lines are the customer's input.
    static func samples(in file: String) -> [Sample] {
        guard let text = try? String(contentsOf: root.appendingPathComponent(file), encoding: .utf8) else { return [] }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var samples: [Sample] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            guard line.hasPrefix("    $ ") else { continue }
            var command = String(line.dropFirst(6))
            var input = ""
            if command.hasPrefix("printf '"), let end = command.dropFirst(8).firstIndex(of: "'") {
                input = String(command[command.index(command.startIndex, offsetBy: 8)..<end]).replacingOccurrences(of: "\\n", with: "\n")
                command = String(command[command.index(after: end)...]).trimmingCharacters(in: .whitespaces)
                guard command.hasPrefix("| ") else { continue }
                command.removeFirst(2)
            }
            guard command.hasPrefix("gws-emulator ") else { continue }
            var output: [String] = []
            while index < lines.count, lines[index].hasPrefix("    "), !lines[index].hasPrefix("    $ ") {
                output.append(String(lines[index].dropFirst(4)))
                index += 1
            }
            if input.isEmpty { input = output.filter { $0.hasPrefix("> ") }.map { String($0.dropFirst(2)) + "\n" }.joined() }
            samples.append(Sample(place: "\(file):\(index)", arguments: command.split(separator: " ").dropFirst().map(String.init), input: input, output: output))
        }
        return samples
    }

    /// README.md, Bots/README.md and the Markdown files of docs/.
    static let documents: [String] =
        ["README.md", "Bots/README.md"]
        + ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)) ?? [])
        .filter { $0.hasSuffix(".md") }.sorted().map { "docs/\($0)" }

    static let readmeSamples = documents.flatMap { samples(in: $0) }

    @Test func theReadmesHaveChatAndCheckSamples() {
        #expect(Self.readmeSamples.filter { $0.arguments.first == "chat" }.count >= 4)
        #expect(Self.readmeSamples.filter { $0.arguments.first == "check" }.count >= 2)
    }

    @Test(arguments: readmeSamples)
    func aSample_printsWhatTheReadmeShows(_ sample: Sample) throws {
        // A folder with the shipped bots, and any file the README writes out in full (a code
        // block whose first line is `# NAME.rules` or `# Bots/NAME.rules`).
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("readme-shell-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let bots = folder.appendingPathComponent("Bots")
        try FileManager.default.createDirectory(at: bots, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("Bots").path) where !name.hasSuffix(".md") {
            try FileManager.default.copyItem(at: Self.root.appendingPathComponent("Bots/\(name)"), to: bots.appendingPathComponent(name))
        }
        for (name, text) in try Self.writtenOutFiles() where sample.arguments.contains(where: { $0 == name || "Bots/\($0).rules" == name }) {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let run = try RuleCommandsProcessTests.run(sample.arguments, input: sample.input, in: folder)
        let printed = (sample.arguments.first == "check" ? run.standardError + run.standardOutput : run.standardOutput)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(Array(printed.prefix(sample.output.count)) == sample.output, "\(sample.place): gws-emulator \(sample.arguments.joined(separator: " "))\n\(printed.joined(separator: "\n"))")
    }

    /// Files the documents show in full: a code block whose first line is `# PATH` naming a `.rules` file.
    static func writtenOutFiles() throws -> [(String, String)] {
        var files: [(String, String)] = []
        for readme in documents {
            let text = try String(contentsOf: root.appendingPathComponent(readme), encoding: .utf8)
            for block in text.components(separatedBy: "```\n").enumerated().filter({ $0.offset % 2 == 1 }).map(\.element) {
                guard block.hasPrefix("# "), let first = block.split(separator: "\n").first, first.hasSuffix(".rules"), !first.contains(" ", after: 2) else { continue }
                files.append((String(first.dropFirst(2)), block))
            }
        }
        return files
    }
}

private extension Substring {
    func contains(_ character: Character, after offset: Int) -> Bool { dropFirst(offset).contains(character) }
}
