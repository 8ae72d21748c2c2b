import Locking
import Logging

/// File transfer (GMS's `file` operations): the customer attaches files to a chat, within
/// ``ChatHostConfiguration/fileLimits``; the transcript says so with `FileUploaded` and
/// `FileDeleted`; the bytes are kept by the store under the chat and go with it.
extension ChatHost {
    /// What a chat's customer has used of the file limits, and the files still attached.
    package struct FileUsage: Sendable, Equatable {
        /// Uploads so far (deleted ones count: Chat Server's `used-upload-max-files`).
        package var uploads: Int
        /// Bytes of the uploads so far (deleted ones count).
        package var uploadedBytes: Int
        /// The files attached now, oldest first.
        package var files: [ChatFile]

        package init(uploads: Int, uploadedBytes: Int, files: [ChatFile]) {
            self.uploads = uploads
            self.uploadedBytes = uploadedBytes
            self.files = files
        }
    }

    /// Attaches a file the customer sent. The bytes are stored (durably, under the chat) before
    /// the `FileUploaded` message is journaled, and removed again when the chat could not be
    /// changed, so a refusal stores nothing.
    ///
    /// - Parameters:
    ///   - name: the client's file name; reduced to its last path component, never used as a path
    ///     (see `ChatFileLimits.checkedName(_:)`).
    /// - Throws: ``ChatError/Code/invalidParameter`` for a name, type or size the limits refuse;
    ///   ``ChatError/Code/limitReached`` when the chat's uploads are used up;
    ///   ``ChatError/Code/invalidState`` in an ended chat; ``ChatError/Code/notFound``.
    @discardableResult
    public func uploadFile(named name: String, bytes: [UInt8], to id: ChatID) throws(ChatError) -> ChatFile {
        let limits = configuration.fileLimits
        let session = try session(id)
        return try session.live.withLock { (live) throws(ChatError) -> ChatFile in
            guard live.chat.state != .idle else { throw ChatError(.invalidState, "Files cannot be uploaded to a chat that has ended.") }
            guard limits.maxFilesPerChat > 0 else { throw ChatError(.limitReached, "File transfer is turned off on this server.") }
            let shownName = try limits.checkedName(name)
            guard limits.allows(name: shownName) else {
                let type = ChatFileLimits.fileType(ofName: shownName)
                throw ChatError(
                    .invalidParameter,
                    "Files of type '\(type.isEmpty ? "(none)" : type)' are not accepted; allowed: \(limits.allowedTypes.joined(separator: ", ")).")
            }
            guard !bytes.isEmpty else { throw ChatError(.invalidParameter, "The file '\(shownName)' is empty.") }
            guard bytes.count <= limits.maxFileBytes else {
                throw ChatError(.invalidParameter, "The file is \(bytes.count) bytes; at most \(limits.maxFileBytes) are accepted.")
            }
            let usage = Self.fileUsage(of: live.chat.messages)
            guard usage.uploads < limits.maxFilesPerChat else {
                throw ChatError(.limitReached, "This chat has had its \(limits.maxFilesPerChat) uploads.")
            }
            guard usage.uploadedBytes + bytes.count <= limits.maxTotalBytes else {
                throw ChatError(
                    .limitReached,
                    "Uploads of this chat would total \(usage.uploadedBytes + bytes.count) bytes; at most \(limits.maxTotalBytes) are accepted.")
            }
            let file = ChatFile(
                id: ChatFileID(random: live.draw { $0.next() }), name: shownName, size: bytes.count,
                contentType: ChatFileLimits.contentType(forName: shownName))
            do {
                try fileStore.storeFile(bytes, file.id, of: id)
            } catch {
                live.rollBack()
                logger.error("could not store file \(file.id) of chat \(id)", metadata: ["error": "\(error)"])
                throw ChatError(.internalFailure, "The file could not be saved; see the server log.")
            }
            do throws(ChatError) {
                try commitChange(&live, of: session) { behaviour.customerUploaded(file, in: &$0) }
            } catch {
                try? fileStore.removeFile(file.id, of: id)
                throw error
            }
            return file
        }
    }

    /// Removes a file the customer attached: a `FileDeleted` message, then the bytes go.
    /// - Throws: ``ChatError/Code/notFound`` when the chat has no such file (or it was deleted).
    public func deleteFile(_ fileID: ChatFileID, of id: ChatID) throws(ChatError) {
        let session = try session(id)
        try session.live.withLock { (live) throws(ChatError) in
            guard live.chat.state != .idle else { throw ChatError(.invalidState, "Files cannot be deleted in a chat that has ended.") }
            guard let file = Self.fileUsage(of: live.chat.messages).files.first(where: { $0.id == fileID }) else {
                throw ChatError(.notFound, "Chat \(id) has no file \(fileID).")
            }
            try commitChange(&live, of: session) { behaviour.customerDeleted(file, in: &$0) }
        }
        do {
            try fileStore.removeFile(fileID, of: id)
        } catch {
            // The transcript says it is gone and it is never served again; the bytes go with the chat.
            logger.error("could not remove file \(fileID) of chat \(id)", metadata: ["error": "\(error)"])
        }
    }

    /// A file attached to the chat, with its bytes.
    /// - Throws: ``ChatError/Code/notFound`` when the chat has no such file (or it was deleted).
    public func file(_ fileID: ChatFileID, of id: ChatID) throws(ChatError) -> (file: ChatFile, bytes: [UInt8]) {
        let session = try session(id)
        guard let file = session.live.withLock({ Self.fileUsage(of: $0.chat.messages).files.first { $0.id == fileID } }) else {
            throw ChatError(.notFound, "Chat \(id) has no file \(fileID).")
        }
        do {
            return (file, try fileStore.file(file.id, of: id))
        } catch {
            logger.error("could not read file \(fileID) of chat \(id)", metadata: ["error": "\(error)"])
            throw ChatError(.internalFailure, "The file could not be read; see the server log.")
        }
    }

    /// The chat's files and what its customer has used of the limits.
    package func fileUsage(of id: ChatID) throws(ChatError) -> FileUsage {
        let session = try session(id)
        return session.live.withLock { Self.fileUsage(of: $0.chat.messages) }
    }

    /// Read from the transcript, the one record of what was uploaded and deleted.
    static func fileUsage(of messages: ChatTranscript) -> FileUsage {
        var usage = FileUsage(uploads: 0, uploadedBytes: 0, files: [])
        for message in messages {
            guard let file = message.file else { continue }
            if message.kind == .fileUploaded {
                usage.uploads += 1
                usage.uploadedBytes += file.size
                usage.files.append(file)
            } else if message.kind == .fileDeleted {
                usage.files.removeAll { $0.id == file.id }
            }
        }
        return usage
    }
}
