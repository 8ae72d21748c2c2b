extension RuleBook {
    /// The `file` blocks, in file order: they answer the customer attaching a file. Found when an
    /// upload comes (rare), so the book keeps no list of its own.
    var uploads: [Int] {
        rules.filter { $0.kind == .file }.map(\.index)
    }
}
