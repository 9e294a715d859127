/// How a rebuild changed an item's row.
enum RebuildOutcome: Equatable {
    case unchanged
    case changed
    /// It was live (out of the trash) and is now in the trash or gone; `rowID` is the docid
    /// its row had (rows made after a `RowMark` have higher ones).
    case removed(rowID: Int64)

    var changed: Bool { self != .unchanged }
}
