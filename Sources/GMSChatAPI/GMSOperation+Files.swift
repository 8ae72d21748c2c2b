import ChatCore
import Foundation
import GMSWire
import HTTPServer

extension GMSOperation {
    /// GMS file transfer: `file` and the paths under it (the chat's credentials are checked first,
    /// as for every operation; on a GET they come in the query string).
    ///
    /// | path | method | answer |
    /// |---|---|---|
    /// | `file/limits` | POST, GET | a `Notice` whose `userData` holds Chat Server's limits and what the chat used |
    /// | `file` | POST, multipart | the part `file` attached; `userData` `file-id` |
    /// | `file/{fileId}/download` | GET, POST | the file's bytes, as an attachment |
    /// | `file/{fileId}/delete` | POST | the file removed (`FileDeleted` in the transcript) |
    ///
    /// A refused upload (size, count, total, type, name) is a GMS error and stores nothing.
    package static let file = GMSOperation(methods: ["GET", "POST"]) { call throws(GMSFailure) in
        switch call.rest.count {
        case 0:
            try GMSFront.allow(call.request, ["POST"])
            return try upload(call)
        case 1 where call.rest[0] == "limits":
            return try limits(call)
        case 2 where call.rest[1] == "download":
            return try download(call, fileID: try fileID(call.rest[0], in: call))
        case 2 where call.rest[1] == "delete":
            try GMSFront.allow(call.request, ["POST"])
            let id = try fileID(call.rest[0], in: call)
            try call.perform { () throws(ChatError) in try call.host.deleteFile(id, of: call.chat) }
            return try call.answer()
        default:
            throw .notFound(
                "No file operation at \(call.request.path.prefix(200)); they are file (upload), file/limits, file/{fileId}/download and file/{fileId}/delete.")
        }
    }

    private static func fileID(_ text: Substring, in call: GMSCall) throws(GMSFailure) -> ChatFileID {
        guard let id = ChatFileID(validating: text) else {
            throw .notFound("Chat \(call.chat) has no file '\(text.prefix(40))'; a file id is 16 hexadecimal digits, as FileUploaded's file-id.")
        }
        return id
    }

    /// The multipart part `file` becomes a file of the chat.
    private static func upload(_ call: GMSCall) throws(GMSFailure) -> HTTPResponse {
        guard let part = call.parameters.file(named: "file") else {
            throw .badParameter("Missing the file: send it as the multipart/form-data part 'file', with a filename.")
        }
        var stored: ChatFile?
        try call.perform { () throws(ChatError) in stored = try call.host.uploadFile(named: part.filename ?? "", bytes: part.body, to: call.chat) }
        return try call.answer(userData: ["file-id": stored?.id.description ?? ""])
    }

    /// Chat Server's `client-file-transfer` options as GMS's `file/limits` shows them: one
    /// `Notice` from the client whose text is `file-client-cfg-get`; every value a string.
    private static func limits(_ call: GMSCall) throws(GMSFailure) -> HTTPResponse {
        let limits = call.host.configuration.fileLimits
        var usage = ChatHost.FileUsage(uploads: 0, uploadedBytes: 0, files: [])
        var nickname = ""
        try call.perform { () throws(ChatError) in
            usage = try call.host.fileUsage(of: call.chat)
            nickname = try call.host.chat(call.chat).customerNickname
        }
        let userData = [
            "download-attempts": "-1",
            "upload-max-files": String(limits.maxFilesPerChat),
            "upload-max-file-size": String(limits.maxFileBytes),
            "upload-max-total-size": String(limits.maxTotalBytes),
            "upload-need-agent": "false",
            "upload-file-types": limits.allowedTypes.joined(separator: ":"),
            "delete-file": "client",
            "used-upload-max-files": String(usage.uploads),
            "used-upload-max-total-size": String(usage.uploadedBytes),
            "used-download-attempts": "0",
        ]
        let notice = GMSMessage(
            index: 0, type: "Notice", from: GMSParty(nickname: nickname, participantId: 1, type: "Client"), text: "file-client-cfg-get",
            utcTime: GMSVocabulary.utcTime(call.host.clock.now()), userData: userData)
        return try call.answer(notice: notice)
    }

    /// The bytes, served as an attachment with a type from the name's extension and `nosniff`,
    /// so a browser never runs what a customer uploaded.
    private static func download(_ call: GMSCall, fileID: ChatFileID) throws(GMSFailure) -> HTTPResponse {
        var found: (file: ChatFile, bytes: [UInt8])?
        try call.perform { () throws(ChatError) in found = try call.host.file(fileID, of: call.chat) }
        guard let (file, bytes) = found else { throw .notFound("Chat \(call.chat) has no file \(fileID).") }
        return HTTPResponse(
            status: .ok,
            headers: [
                "Content-Type": file.contentType, "Content-Disposition": ContentDisposition.attachment(filename: file.name),
                "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store",
            ],
            body: bytes)
    }
}

extension GMSCall {
    /// The standard answer with `userData` (an upload's `file-id`).
    func answer(userData: [String: String]) throws(GMSFailure) -> HTTPResponse {
        try front.answer(for: chat, entry: entry, from: parameters.position("transcriptPosition"), userData: userData)
    }

    /// The standard answer whose only message is `notice` (`file/limits`), without `nextPosition`.
    func answer(notice: GMSMessage) throws(GMSFailure) -> HTTPResponse {
        try front.answer(for: chat, entry: entry, notice: notice)
    }
}
