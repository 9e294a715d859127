import Foundation
import GRDB
import Models

// Articles and notes are stored with GRDB's Codable record support: one column a property,
// tags as JSON text, dates as ISO-8601 text to the millisecond (see `ISODate`), which sorts
// like the dates and reads back as exactly the same `Date`.

extension Article: FetchableRecord, PersistableRecord {
    package static var databaseTableName: String { "article" }
    package static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        .custom { ISODate.format($0) }
    }
    package static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
        .custom(decodeStoredDate)
    }
}

extension Note: FetchableRecord, PersistableRecord {
    package static var databaseTableName: String { "note" }
    package static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy {
        .custom { ISODate.format($0) }
    }
    package static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy {
        .custom(decodeStoredDate)
    }
}

@Sendable func decodeStoredDate(_ value: DatabaseValue) -> Date? {
    String.fromDatabaseValue(value).flatMap(ISODate.parse)
}

/// Articles and notes: rows with a `docid`, kept in step with the full-text index.
///
/// The index is written here, in the same transaction as the row, rather than by SQL
/// triggers: a trigger makes every statement open a savepoint, and FTS5 flushes its pending
/// terms at each savepoint, which made bulk imports several times slower.
///
/// The index keeps no copy of the text: it reads it from the view `searchContent` (see
/// `Schema`), and is told what to forget by the text the view gives *before* the row changes.
/// So an entry is removed before its row is updated or deleted, and added after.
protocol LibraryRecord: FetchableRecord, PersistableRecord {
    static var entity: Change.Entity { get }
    /// The row's entry in the full-text index (see `IndexLayout`).
    static func indexRowID(docid: Int64) -> Int64
    var id: String { get }
    var trashedAt: Date? { get set }
    var updatedAt: Date { get set }
    /// The text of the index's columns: title, tags, notes, body. The same text as the view
    /// `searchContent` gives for the row (the index reads the view; this tells which edits
    /// change what is indexed).
    var indexedText: [String] { get }
}

extension Article: LibraryRecord {
    static var entity: Change.Entity { .article }
    static func indexRowID(docid: Int64) -> Int64 { IndexLayout.articleRowID(docid: docid) }
    var indexedText: [String] {
        // Markdown heading marks are not words; leaving them out keeps snippets clean.
        let body = content.utf8.contains(UInt8(ascii: "#")) ? String(content.unicodeScalars.filter { $0 != "#" }) : content
        return [title, tags.joined(separator: " "), "", body]
    }
}

extension Note: LibraryRecord {
    static var entity: Change.Entity { .note }
    static func indexRowID(docid: Int64) -> Int64 { IndexLayout.noteRowID(docid: docid) }
    var indexedText: [String] {
        // The other sides of a conflict are searchable too: nothing of the note is hidden.
        ["", tags.joined(separator: " "), ([quote, body].compactMap { $0 } + conflicts.map(\.body)).joined(separator: "\n"), ""]
    }
}

extension LibraryRecord {
    /// Inserts the row, and its index entry when searchable.
    func insertIndexed(_ db: Database) throws {
        var pending = PendingIndexEntries()
        try insertIndexed(db, pending: &pending)
        try pending.write(db)
    }

    /// Inserts the row, and notes its index entry in `pending`.
    func insertIndexed(_ db: Database, pending: inout PendingIndexEntries) throws {
        try insert(db)
        pending.add(Self.indexRowID(docid: db.lastInsertedRowID))
    }

    /// Writes every column of the record to the row with the same `id` (the tables' primary
    /// key is the internal `docid`, which the models do not carry), and brings the index
    /// entry in line when the trash state or the indexed text changed since `before`: the
    /// old entry is removed before the row changes, the new one added after. An article
    /// that goes to the trash or comes back takes its notes' entries with it.
    func updateIndexed(_ db: Database, before: Self) throws {
        var pending = PendingIndexEntries()
        try updateIndexed(db, before: before, pending: &pending)
        try pending.write(db)
    }

    /// `updateIndexed(_:before:)`, noting the new index entry in `pending` (whose entries are
    /// written first when anything is to be removed from the index).
    func updateIndexed(_ db: Database, before: Self, pending: inout PendingIndexEntries) throws {
        guard
            let docid = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT docid FROM \(Self.databaseTableName) WHERE id = ?"), arguments: [id])
        else { return }
        let rowid = Self.indexRowID(docid: docid)
        let trashChanged = (before.trashedAt == nil) != (trashedAt == nil)
        // A note is searchable only while its article is outside the trash: a note that moves
        // to another article (a merged `articleID` change) may come in or go out.
        let articleChanged = (self as? Note)?.articleID != (before as? Note)?.articleID
        let reindex = trashChanged || articleChanged || indexedText != before.indexedText
        let notesMove = trashChanged && Self.self == Article.self
        if reindex || notesMove { try pending.write(db) }
        if reindex { try SearchIndexWriter.remove(db, rowid: rowid) }
        if notesMove { try SearchIndexWriter.removeNotes(db, articleID: id) }
        // `before` is the row as stored (the index entry is removed by its text too).
        if let article = self as? Article, article.content != (before as? Article)?.content {
            try ContentInRow.restore(db, articleID: id)  // the row's text is about to change
        }
        var columns = try databaseDictionary
        columns.removeValue(forKey: "id")
        let names = columns.keys.sorted()
        let assignments = names.map { "\($0) = ?" }.joined(separator: ", ")
        // The same text for every row of a table, so prepared once: preparing an update of a
        // table with triggers (the kept counts) cost more than running it.
        try db.cachedStatement(sql: "UPDATE \(Self.databaseTableName) SET \(assignments) WHERE docid = ?")
            .execute(arguments: StatementArguments(names.compactMap { columns[$0] } + [docid]))
        if reindex { pending.add(rowid) }
        if notesMove { try SearchIndexWriter.addNotes(db, articleID: id) }
    }

    /// Deletes the row with that id and its index entry; the docid it had, nil when there was
    /// none.
    @discardableResult
    static func deleteIndexed(_ db: Database, id: String) throws -> Int64? {
        guard let docid = try Int64.fetchOne(db.cachedStatement(sql: "SELECT docid FROM \(databaseTableName) WHERE id = ?"), arguments: [id])
        else { return nil }
        try SearchIndexWriter.remove(db, rowid: indexRowID(docid: docid))
        if Self.self == Article.self { try ContentInRow.restore(db, articleID: id) }
        try db.cachedStatement(sql: "DELETE FROM \(databaseTableName) WHERE docid = ?").execute(arguments: [docid])
        return docid
    }

    /// Whether a row with that id exists.
    static func exists(_ db: Database, id: String) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM \(databaseTableName) WHERE id = ?"), arguments: [id]) ?? false
    }
}

/// Where articles and notes sit in the one full-text index: articles at rowid = docid,
/// notes at rowid = docid - 2^62 (negative). Both ranges grow with new rows, so FTS5 appends
/// to its segments in order during bulk imports (a descending range made it write a new
/// segment for almost every note).
enum IndexLayout {
    static let noteOffset: Int64 = 1 << 62

    static func articleRowID(docid: Int64) -> Int64 { docid }
    static func noteRowID(docid: Int64) -> Int64 { docid - noteOffset }
    /// The note docid of a negative index rowid.
    static func noteDocid(rowid: Int64) -> Int64 { rowid + noteOffset }
    /// SQL for the note docid of `searchIndex.rowid`.
    static let noteDocidSQL = "(searchIndex.rowid + \(noteOffset))"
}

/// Writes entries of the full-text index, with the text the view `searchContent` gives for
/// the row. An item the view leaves out (in the trash, or a note of an article in the trash)
/// is not indexed: adding or removing it does nothing.
enum SearchIndexWriter {
    /// Indexes the row's text; call it once the row is written.
    ///
    /// The text is read first and inserted as values: an `INSERT … SELECT` may write several
    /// rows, so SQLite opens a statement savepoint for it, and FTS5 flushes its pending terms
    /// at every savepoint (three quarters of the cost of indexing one row).
    static func add(_ db: Database, rowid: Int64) throws {
        guard let text = try indexedText(db, rowid: rowid) else { return }
        try db.cachedStatement(sql: "INSERT INTO searchIndex(rowid, title, tags, notes, body) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: StatementArguments([rowid.databaseValue] + text))
    }

    /// The text `searchContent` gives for an index rowid (title, tags, notes, body), or nil
    /// when the view leaves the row out.
    private static func indexedText(_ db: Database, rowid: Int64) throws -> [DatabaseValue]? {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT title, tags, notes, body FROM searchContent WHERE indexRowID = ?"), arguments: [rowid]
        ).map { row in (0..<4).map { row[$0] as DatabaseValue } }
    }

    /// Indexes the rows whose index rowids are in `rowids` (rows written one after the
    /// other); call it once the rows are written. Row by row as values, which costs about a
    /// third less than one `INSERT … SELECT` over the range (callgrind, an initial sync's
    /// pages).
    static func add(_ db: Database, rowids: ClosedRange<Int64>) throws {
        for rowid in rowids { try add(db, rowid: rowid) }
    }

    /// Removes an entry; call it before the row changes. FTS5 forgets an external content
    /// entry only when told the text it indexed: the row's text, which the view still gives.
    static func remove(_ db: Database, rowid: Int64) throws {
        guard let text = try indexedText(db, rowid: rowid) else { return }
        try db.cachedStatement(sql: "INSERT INTO searchIndex(searchIndex, rowid, title, tags, notes, body) VALUES ('delete', ?, ?, ?, ?, ?)")
            .execute(arguments: StatementArguments([rowid.databaseValue] + text))
    }

    /// Removes the entries of an article's notes; call it before the article goes to the
    /// trash.
    static func removeNotes(_ db: Database, articleID: String) throws {
        for docid in try noteDocids(db, articleID: articleID) { try remove(db, rowid: IndexLayout.noteRowID(docid: docid)) }
    }

    /// Adds the entries of an article's notes (those outside the trash); call it once the
    /// article is out of the trash.
    static func addNotes(_ db: Database, articleID: String) throws {
        for docid in try noteDocids(db, articleID: articleID) { try add(db, rowid: IndexLayout.noteRowID(docid: docid)) }
    }

    private static func noteDocids(_ db: Database, articleID: String) throws -> [Int64] {
        try Int64.fetchAll(db.cachedStatement(sql: "SELECT docid FROM note WHERE articleID = ? ORDER BY docid"), arguments: [articleID])
    }
}

extension Change: FetchableRecord {
    package init(row: Row) throws {
        guard let entity = Change.Entity(rawValue: row["entity"]),
            let operation = Change.Operation(rawValue: row["operation"]),
            let timestamp = HLCTimestamp(row["timestamp"])
        else {
            throw StoreError.database("a change-log row cannot be read (sequence \(row["sequence"] as Int64? ?? -1))")
        }
        self.init(
            sequence: row["sequence"], entity: entity, entityID: row["entityID"], operation: operation,
            field: row["field"], value: row["value"], timestamp: timestamp)
    }
}
