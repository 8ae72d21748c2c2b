import ChatCore
import ChatHTTPAPI
import HTTPServer

extension GMSFront {
    /// `POST /genesys/2/chat/{serviceName}`: `nickname`, or `firstName` and `lastName` (the
    /// nickname is then "First Last"); `subject` (optional: the service's name when missing);
    /// `emailAddress` (optional); `userData[KEY]=VALUE` (or a JSON `userData` object). The names
    /// and the address are attached as `FirstName`, `LastName` and `EmailAddress`, Genesys's
    /// standard keys, unless `userData` gives them. The bounds of the GWS RequestChat apply
    /// (``RequestChatLimits``). The answer holds the chat's credentials and its messages so far.
    /// `userData[emulatorFaults]` sets faults for the chat, as on GWS (docs/test-double.md); the
    /// faults in force for `gms.requestChat` apply once the request is valid.
    func requestChat(_ request: HTTPRequest, service: String, _ exchange: inout FrontExchange) throws(GMSFailure) -> HTTPResponse {
        let parameters = try GMSParameters(request)
        var userData = try parameters.userData()
        let firstName = try parameters.optional("firstName").flatMap { $0.isEmpty ? nil : $0 }
        let lastName = try parameters.optional("lastName").flatMap { $0.isEmpty ? nil : $0 }
        let nickname: String
        if let given = try parameters.optional("nickname"), !given.isEmpty {
            nickname = given
        } else if let firstName, let lastName {
            nickname = "\(firstName) \(lastName)"
        } else if lastName != nil {
            throw GMSFailure(.badRequest, code: 102, "Parameter 'firstName' is required with 'lastName' (or send a 'nickname').")
        } else if firstName != nil {
            throw GMSFailure(.badRequest, code: 103, "Parameter 'lastName' is required with 'firstName' (or send a 'nickname').")
        } else {
            throw GMSFailure(.badRequest, code: 161, "Send the customer's name: 'nickname', or 'firstName' and 'lastName'.")
        }
        if let firstName, userData["FirstName"] == nil { userData["FirstName"] = firstName }
        if let lastName, userData["LastName"] == nil { userData["LastName"] = lastName }
        if let address = try parameters.optional("emailAddress"), !address.isEmpty {
            guard Self.looksLikeEmailAddress(address) else {
                throw GMSFailure(.badRequest, code: 364, "Parameter 'emailAddress' is not an e-mail address ('\(address.prefix(80))'); write it as name@domain.")
            }
            if userData["EmailAddress"] == nil { userData["EmailAddress"] = address }
        }
        let subject = try parameters.optional("subject").flatMap { $0.isEmpty ? nil : $0 } ?? service
        let testFaults: (atStart: [ChatFault], later: [Fault])
        do {
            testFaults = try exchange.userDataFaults(userData, requestOperation: Self.requestChatName)
        } catch {
            throw GMSFailure(error)
        }
        var created: ChatID?
        let response = exchange.perform { faults in
            Self.answering { () throws(GMSFailure) in
                let id: ChatID
                do throws(ChatError) {
                    id = try host.requestChat(nickname: nickname, subject: subject, userData: userData, faults: faults + testFaults.atStart)
                } catch {
                    throw GMSFailure(error)
                }
                created = id
                return try answer(for: id, entry: try entry(of: id), from: 1)
            }
        }
        if let created { exchange.addFaults(testFaults.later, for: created) }
        return response
    }

    /// One `@` with something on each side, a dot in the domain, no spaces: enough to catch a
    /// name typed into the address field.
    static func looksLikeEmailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        return !text.contains(where: { $0.isWhitespace }) && text.utf8.count <= 254
    }
}
