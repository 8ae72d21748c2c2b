import ArgumentParser
import Foundation
import GWSChatClient

extension ChatCommand {
    /// `chat --url`: the chat against a server; failures are one line on standard error, exit 1.
    func runRemote(_ baseURL: URL) throws {
        let client = GWSClient(baseURL: baseURL, apiKey: apiKey, timeout: .seconds(10))
        let chat = RemoteChat(
            client: client, nickname: nickname, subject: subject, userData: userData,
            answerTimeout: .milliseconds(Int64(answerTimeout * 1000)), pollInterval: .milliseconds(250),
            output: TerminalOutput())
        let transcriptJSON: [UInt8]
        do {
            let saved = try chat.run(interactive: isatty(STDIN_FILENO) != 0) { Swift.readLine(strippingNewline: true) }
            transcriptJSON = GWSWire.encode(saved)
        } catch {
            FileHandle.standardError.write(Data("gws-emulator chat: \(Self.oneLine(error, baseURL: baseURL))\n".utf8))
            throw ExitCode.failure
        }
        guard let transcript else { return }
        do {
            try Data(transcriptJSON + [UInt8(ascii: "\n")]).write(to: URL(fileURLWithPath: transcript))
        } catch {
            FileHandle.standardError.write(Data("gws-emulator chat: cannot write the transcript to \(transcript): \(error.localizedDescription)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// What went wrong, in one line that says what to do.
    static func oneLine(_ error: GWSClientError, baseURL: URL) -> String {
        switch (error.code, error.httpStatus) {
        case (.noAnswer, _):
            return "cannot reach \(baseURL.absoluteString): \(error.message)"
        case (.refused, 401?):
            return "\(baseURL.absoluteString) refused the API key (HTTP 401): \(error.message) Give the right one with --api-key."
        case (.refused, 404?) where error.statusCode != 2:
            return "no GWS chat API at \(baseURL.absoluteString) (HTTP 404 for \(error.request)): \(error.message) The base URL ends in /api."
        default:
            return error.description
        }
    }
}
