/// A place in a text file: 1-based line and column, the column counted in characters (what an
/// editor shows), so non-ASCII text before a position does not push it right.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    package init(file: String, line: Int, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, as compilers and editors print it.
    public var description: String { "\(file):\(line):\(column)" }

    /// `file:line`, the form stored as a reply's origin.
    public var fileAndLine: String { "\(file):\(line)" }

    /// The place `characters` characters further along the same line: turns an offset inside an
    /// argument (counted in characters from 0) into the column to report.
    package func movedRight(by characters: Int) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column + characters)
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}
