import ChatCore

extension GMSOperation {
    /// The operations of the GMS front, by name: the one place to add one (the file transfer's
    /// `file` entry reads its sub-path from ``GMSCall/rest``). Every operation answers with the
    /// transcript from `transcriptPosition` when the request gives one.
    package static let table: [String: GMSOperation] = [
        // `message` (required; an empty one is kept and not answered, as on GWS); `messageType` is
        // accepted and not stored (the core has one kind of text).
        "send": GMSOperation { call throws(GMSFailure) in
            let text = try call.required("message")
            try call.perform { () throws(ChatError) in try call.host.sendMessage(text, to: call.chat) }
            return try call.answer()
        },
        "refresh": GMSOperation { call throws(GMSFailure) in try call.answer() },
        // File transfer: file (upload), file/limits, file/{fileId}/download, file/{fileId}/delete.
        "file": .file,
        // `message`, the text typed so far, is accepted and not shown to the agent yet.
        "startTyping": GMSOperation { call throws(GMSFailure) in
            try call.perform { () throws(ChatError) in try call.host.startTyping(in: call.chat) }
            return try call.answer()
        },
        "stopTyping": GMSOperation { call throws(GMSFailure) in
            try call.perform { () throws(ChatError) in try call.host.stopTyping(in: call.chat) }
            return try call.answer()
        },
        // Ending a chat that has ended already is no error: a widget closing after the agent left.
        "disconnect": GMSOperation { call throws(GMSFailure) in
            try call.perform { () throws(ChatError) in
                if try call.host.chat(call.chat).state != .idle { try call.host.complete(call.chat) }
            }
            return try call.answer()
        },
    ]
}
