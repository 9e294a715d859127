import GRDB

/// Index entries to add once a transaction has written its rows, in the order they came.
///
/// Adding an entry as soon as its row is written makes the next row's statement open a
/// savepoint with the entry's terms still pending (the kept counts' triggers make every
/// insert, update and delete of an article or note open one), and FTS5 flushes its pending
/// terms at every savepoint: one small segment a row, a third of an initial sync's work when
/// its pages bring later edits of items created pages before. Entries added together are
/// flushed once.
///
/// Rule: the entries are written before any entry is removed (`SearchIndexWriter.remove`
/// must find in the index what a row's text put there), so a caller writes them first.
struct PendingIndexEntries {
    private var rowids: [Int64] = []

    /// Notes an entry to add; its row must be written by the time `write` runs.
    mutating func add(_ rowid: Int64) {
        rowids.append(rowid)
    }

    /// Adds every noted entry, with the text `searchContent` gives for its row now.
    mutating func write(_ db: Database) throws {
        for rowid in rowids { try SearchIndexWriter.add(db, rowid: rowid) }
        rowids.removeAll()
    }
}
