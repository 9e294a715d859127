/// The highest article and note row numbers (`docid`) at one moment: rows above it came later
/// (`Store.rowMark()`, `Store.applyRemote(existingBefore:)`).
public struct RowMark: Sendable, Equatable {
    public var article: Int64
    public var note: Int64
}
