/// The highest article and note row numbers (`docid`) at one moment: rows above it came later
/// (`Store.rowMark()`, `Store.applyRemote(existingBefore:)`).
package struct RowMark: Sendable, Equatable {
    package var article: Int64
    package var note: Int64
}
