import ChatCore

/// Where a rule bot keeps one chat's state in the chat's persisted memory.
///
/// Keys: `var.NAME` variables, `topic`, `turn`, `rotate.RULE`, `used.RULE` (indices already used by
/// `pick no-repeat`), `memories` (the remembered replies), `previous-rule`, `previous-reply`.
extension ResponderMemory {
    static let memorySeparator: Character = "\u{1E}"

    func variable(_ name: String) -> String? { self["var.\(name)"] }
    mutating func setVariable(_ name: String, _ value: String) { self["var.\(name)"] = value.isEmpty ? nil : value }

    var topic: String? {
        get { self["topic"] }
        set { self["topic"] = newValue }
    }

    var turn: Int {
        get { Int(self["turn"] ?? "") ?? 0 }
        set { self["turn"] = String(newValue) }
    }

    var previousRule: String? {
        get { self["previous-rule"] }
        set { self["previous-rule"] = newValue }
    }

    var previousReply: String? {
        get { self["previous-reply"] }
        set { self["previous-reply"] = newValue }
    }

    /// Takes the next number of a rotation, starting at 0.
    mutating func nextRotation(_ rule: String) -> Int {
        let value = Int(self["rotate.\(rule)"] ?? "") ?? 0
        self["rotate.\(rule)"] = String(value + 1)
        return value
    }

    func usedReplies(_ rule: String) -> Set<Int> {
        Set((self["used.\(rule)"] ?? "").split(separator: ",").compactMap { Int($0) })
    }

    mutating func setUsedReplies(_ rule: String, _ used: Set<Int>) {
        self["used.\(rule)"] = used.isEmpty ? nil : used.sorted().map(String.init).joined(separator: ",")
    }

    var memories: [String] {
        get { (self["memories"] ?? "").split(separator: Self.memorySeparator, omittingEmptySubsequences: true).map(String.init) }
        set { self["memories"] = newValue.isEmpty ? nil : newValue.joined(separator: String(Self.memorySeparator)) }
    }
}
