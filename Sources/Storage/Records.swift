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
protocol LibraryRecord: FetchableRecord, PersistableRecord {
    static var entity: Change.Entity { get }
    /// The row's entry in the full-text index (see `IndexLayout`).
    static func indexRowID(docid: Int64) -> Int64
    var id: String { get }
    var trashedAt: Date? { get set }
    var updatedAt: Date { get set }
    /// The text of the index's columns: title, tags, notes, body.
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
    /// Whether the item belongs in the search index: what is in the trash (and the notes of
    /// an article in the trash) is kept out, so that a plain search needs no filter.
    func isSearchable(_ db: Database) throws -> Bool {
        guard trashedAt == nil else { return false }
        guard let note = self as? Note, let articleID = note.articleID else { return true }
        let articleTrashed = try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT trashedAt IS NOT NULL FROM article WHERE id = ?"), arguments: [articleID])
        return articleTrashed != true
    }

    /// Inserts the row, and its index entry when searchable.
    func insertIndexed(_ db: Database) throws {
        try insert(db)
        if try isSearchable(db) {
            try SearchIndexWriter.add(db, rowid: Self.indexRowID(docid: db.lastInsertedRowID), text: indexedText)
        }
    }

    /// Writes every column of the record to the row with the same `id` (the tables' primary
    /// key is the internal `docid`, which the models do not carry), and brings the index
    /// entry in line: added, removed or rewritten as the trash state and text changed since
    /// `before`.
    func updateIndexed(_ db: Database, before: Self) throws {
        var columns = try databaseDictionary
        columns.removeValue(forKey: "id")
        let names = columns.keys.sorted()
        let assignments = names.map { "\($0) = ?" }.joined(separator: ", ")
        guard
            let docid = try Int64.fetchOne(
                db, sql: "UPDATE \(Self.databaseTableName) SET \(assignments) WHERE id = ? RETURNING docid",
                arguments: StatementArguments(names.compactMap { columns[$0] } + [id]))
        else { return }
        let rowid = Self.indexRowID(docid: docid)
        let (was, now) = (try before.isSearchable(db), try isSearchable(db))
        switch (was, now) {
        case (true, true) where indexedText != before.indexedText:
            try SearchIndexWriter.remove(db, rowid: rowid)
            try SearchIndexWriter.add(db, rowid: rowid, text: indexedText)
        case (true, false): try SearchIndexWriter.remove(db, rowid: rowid)
        case (false, true): try SearchIndexWriter.add(db, rowid: rowid, text: indexedText)
        default: break
        }
    }

    /// Deletes the row with that id and its index entry; the docid it had, nil when there was
    /// none.
    @discardableResult
    static func deleteIndexed(_ db: Database, id: String) throws -> Int64? {
        guard let docid = try Int64.fetchOne(db, sql: "DELETE FROM \(databaseTableName) WHERE id = ? RETURNING docid", arguments: [id])
        else { return nil }
        try SearchIndexWriter.remove(db, rowid: indexRowID(docid: docid))
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

/// Writes entries of the full-text index.
enum SearchIndexWriter {
    static func add(_ db: Database, rowid: Int64, text: [String]) throws {
        try db.cachedStatement(sql: "INSERT INTO searchIndex(rowid, title, tags, notes, body) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: StatementArguments([rowid] + text))
    }

    /// Removes an entry; nothing happens when there is none.
    static func remove(_ db: Database, rowid: Int64) throws {
        try db.cachedStatement(sql: "DELETE FROM searchIndex WHERE rowid = ?").execute(arguments: [rowid])
    }

    /// Adds or removes the index entries of an article's own notes (those not in the trash
    /// themselves) when the article goes to the trash or comes back.
    static func setNotesSearchable(_ db: Database, articleID: String, searchable: Bool) throws {
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM note WHERE articleID = ? AND trashedAt IS NULL", arguments: [articleID])
        for row in rows {
            let rowid = IndexLayout.noteRowID(docid: row["docid"])
            if searchable {
                try add(db, rowid: rowid, text: try Note(row: row).indexedText)
            } else {
                try remove(db, rowid: rowid)
            }
        }
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
