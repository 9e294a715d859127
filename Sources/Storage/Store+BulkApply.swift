import Foundation
import GRDB
import Models

/// The bulk path of `Store.applyRemote`: items the store knows nothing of (what a new device
/// pulls) are made from the page's changes in memory and written together, instead of being
/// rebuilt one by one from what the store holds, which for them is exactly those changes.
extension Store {
    /// The ids, among `ids`, of items with nothing here to merge against: no change of theirs,
    /// this device's own (pushed or not) or merged, and no row. Their result is what their new
    /// changes alone make of them.
    static func unknownItems(_ db: Database, ids: [String]) throws -> Set<String> {
        let known = try db.cachedStatement(
            sql: """
                SELECT EXISTS (SELECT 1 FROM change WHERE entityID = ?1) OR EXISTS (SELECT 1 FROM remoteChange WHERE entityID = ?1)
                    OR EXISTS (SELECT 1 FROM article WHERE id = ?1) OR EXISTS (SELECT 1 FROM note WHERE id = ?1)
                """)
        var unknown = Set<String>()
        var checked = Set<String>()
        for id in ids where checked.insert(id).inserted {
            if try Bool.fetchOne(known, arguments: [id]) == false { unknown.insert(id) }
        }
        return unknown
    }

    /// Writes the rows of items the store knew nothing of, from their merge states, as
    /// `rebuild` would for each (a note whose article is not here waits for it; an item that
    /// does not decode is marked unreadable; an absent or incomplete one gets no row), then
    /// indexes the new rows with one statement: they are inserted one after the other, so
    /// their docids are one range. Articles go before notes (a note needs its article's row).
    /// Returns the number of rows inserted.
    static func insertUnknownItems<Record: LibraryRecord & MergeMaterializable>(
        _ type: Record.Type, _ states: [(item: ItemKey, state: MergeState)], _ db: Database
    ) throws -> Int {
        var docids: ClosedRange<Int64>?
        let waits = try db.cachedStatement(sql: "INSERT OR REPLACE INTO waitingNote(noteID, articleID) VALUES (?, ?)")
        for (item, state) in states {
            switch Record.materialize(state, id: item.id) {
            case .absent, .incomplete:
                continue
            case .unreadable(let reason):
                try markUnreadable(db, Record.entity, id: item.id, reason: reason)
            case .present(let record):
                if let articleID = (record as? Note)?.articleID, try !Article.exists(db, id: articleID) {
                    try waits.execute(arguments: [item.id, articleID])
                    continue
                }
                try record.insert(db)
                let docid = db.lastInsertedRowID
                docids = docids.map { $0.lowerBound...docid } ?? docid...docid
            }
        }
        guard let docids else { return 0 }
        try SearchIndexWriter.add(
            db, rowids: Record.indexRowID(docid: docids.lowerBound)...Record.indexRowID(docid: docids.upperBound))
        return docids.count
    }

    /// Stores the changes of items the store knew nothing of, after their rows are made: an
    /// article snapshot whose text the row now holds is stored without it (`ContentInRow`).
    static func storeUnknownItemChanges(_ changes: [Change], bound: Int64?, _ db: Database) throws {
        let inRow = ContentInRow.matchesRowSQL(value: "?6", entity: "?2", operation: "?4", entityID: "?3")
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO remoteChange(timestamp, entity, entityID, operation, field, value, contentInRow, bound)
                SELECT ?1, ?2, ?3, ?4, ?5, CASE WHEN inRow THEN \(ContentInRow.takenSQL(value: "?6")) ELSE ?6 END, inRow, ?7
                FROM (SELECT \(inRow) AS inRow)
                """)
        for change in changes {
            try insert.execute(arguments: [
                change.timestamp.description, change.entity.rawValue, change.entityID, change.operation.rawValue, change.field, change.value,
                bound,
            ])
        }
    }
}
