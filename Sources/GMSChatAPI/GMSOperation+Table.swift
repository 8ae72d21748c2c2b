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
        // `message` (optional): the text typed so far, kept on the TypingStarted as its preview.
        "startTyping": GMSOperation { call throws(GMSFailure) in
            let preview = try call.optional("message")
            try call.perform { () throws(ChatError) in try call.host.startTyping(in: call.chat, preview: preview) }
            return try call.answer()
        },
        // `message`: a CustomNotice from the customer; the bot hears it as `customerNotice`.
        "customNotice": GMSOperation { call throws(GMSFailure) in
            let text = try call.optional("message") ?? ""
            try call.perform { () throws(ChatError) in try call.host.customNotice(text, in: call.chat) }
            return try call.answer()
        },
        // `pushUrl`: the page the customer shares (a PushUrl message).
        "pushUrl": GMSOperation { call throws(GMSFailure) in
            let url = try call.required("pushUrl")
            try call.perform { () throws(ChatError) in try call.host.pushURL(url, in: call.chat) }
            return try call.answer()
        },
        // `nickname`: the customer's new nickname (a NicknameUpdated message).
        "updateNickname": GMSOperation { call throws(GMSFailure) in
            let nickname = try call.required("nickname")
            try call.perform { () throws(ChatError) in try call.host.updateNickname(nickname, in: call.chat) }
            return try call.answer()
        },
        // `userData[KEY]=VALUE` (or a JSON `userData` object): merged into the chat's user data,
        // with RequestChat's bounds; no transcript message, as GMS.
        "updateData": GMSOperation { call throws(GMSFailure) in
            let values = try call.parameters.userData()
            try call.perform { () throws(ChatError) in try call.host.updateData(values, in: call.chat) }
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
