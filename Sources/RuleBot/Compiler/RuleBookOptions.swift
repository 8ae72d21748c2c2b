package import PCRE2

/// File-wide settings (`option NAME VALUE` lines), with the defaults a bot gets without them.
package struct RuleBookOptions: Hashable, Sendable {
    /// How a rule picks among its replies unless it says `pick`.
    var defaultPick: PickMode = .random
    /// Compile flags for `match` patterns unless a rule says `flags`.
    var defaultFlags: PatternOptions = [.caseless]
    /// Characters per second of simulated typing; 0 shows no typing.
    package var typingCharactersPerSecond: Double = 30
    /// The longest typing shown before one message, in seconds.
    package var typingMaximumSeconds: Double = 4
    /// The pause between two messages of one reply, in seconds (besides typing).
    package var pauseBetweenMessagesSeconds: Double = 0.5
    /// Clause delimiters (`option clauses . , BUT`): single characters and words.
    var clauseDelimiterCharacters: Set<Character> = []
    var clauseDelimiterWords: Set<String> = []
    /// Case applied to every reply (`option replies upper`).
    var replyCase: ReplyCase = .asWritten
    /// How many `goto` / `redirect` steps one message may take.
    package var maximumRedirects: Int = 10
    /// Messages longer than this many characters are cut before matching.
    package var maximumMessageCharacters: Int = 1_000
    /// The bounds of every pattern match.
    package var matchLimits: MatchLimits = .default
    /// What identifies a customer across chats for `customer.NAME` variables
    /// (`option customer-key nickname` or `option customer-key userdata.KEY`).
    var customerKey: CustomerKey = .nickname

    /// The order of rules of equal rank: file order, or the most specific pattern first
    /// (`option order specific`, as RiveScript sorts triggers; see ``Specificity``).
    var order: RuleOrder = .file

    /// How messages are normalised before matching (`option normalise punctuation lowercase`):
    /// patterns and captures see the normalised text.
    var normalisation: Set<Normalisation> = []

    enum Normalisation: String, Hashable, Sendable, CaseIterable {
        /// Characters other than letters and digits are removed (and spaces collapsed).
        case punctuation
        /// Runs of spaces, tabs and line breaks become one space.
        case spaces
        /// The message is lower-cased (captures too).
        case lowercase
    }

    enum RuleOrder: String, Hashable, Sendable {
        case file, specific
    }

    enum CustomerKey: Hashable, Sendable {
        case nickname
        case userData(String)
    }

    enum ReplyCase: String, Hashable, Sendable {
        case asWritten = "as-written", upper, lower
    }

    var usesClauses: Bool { !clauseDelimiterCharacters.isEmpty || !clauseDelimiterWords.isEmpty }
}

/// How a rule chooses one of its replies.
enum PickMode: String, Hashable, Sendable, CaseIterable {
    /// Uniformly at random, from the chat's seeded generator.
    case random
    /// In turn: first, second, ..., then the first again (ELIZA).
    case rotate
    /// At random, but none again until all have been used.
    case noRepeat = "no-repeat"
    /// At random, in proportion to each reply's `[weight]`.
    case weighted
    /// Decided by a hash of the message's last word, so the same word picks the same reply
    /// (ELIZA's choice of MEMORY transformation, with its SLIP HASH function).
    case hash
}
