/// One `directive argument` line of a line-format file: not blank, not a comment.
///
/// A line that starts in column 1 is a setting or a block header; an indented one belongs to the
/// block header above it. What the directives mean is each format's own grammar.
package struct DirectiveLine: Hashable, Sendable {
    /// The first word: everything up to the first space or tab.
    package var directive: String
    /// The rest of the line after the spaces and tabs that follow the directive; empty if none.
    package var argument: String
    /// The line as written, without its indentation and trailing whitespace.
    package var text: String
    /// Where the directive starts.
    package var location: SourceLocation
    /// Where the argument starts (for columns inside patterns and templates); the end of the
    /// line when there is no argument.
    package var argumentLocation: SourceLocation
    /// Whether the line starts with spaces or tabs (each counts as one column).
    package var isIndented: Bool

    package init(directive: String, argument: String, text: String, location: SourceLocation, argumentLocation: SourceLocation, isIndented: Bool) {
        self.directive = directive
        self.argument = argument
        self.text = text
        self.location = location
        self.argumentLocation = argumentLocation
        self.isIndented = isIndented
    }
}
