package import LineFormat

extension SourceDiagnostic.Code {
    /// A saved transcript or chat journal that `from` names, or that is replayed, is malformed.
    package static let invalidRecording = Self("invalid-recording")
}
