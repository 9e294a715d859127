import Foundation
import GRDB
import Models

/// The running digest of what the store's items are now (`LibraryDigest.essentials(of:)`):
/// per item, the changes that decide its result, whatever else of its history this device or
/// the server still holds. Kept per item in `itemDigest` and in total in `meta`, refreshed for
/// the items a transaction touched (`ChangeRecorder.finish`), so reading it costs nothing and
/// compaction, which never changes it, needs no repair.
enum EssentialsLedger {
    /// The `meta` keys of the two kinds' totals.
    static let keys = (articles: "currentArticles", notes: "currentNotes")

    static func load(_ db: Database) throws -> LibraryDigest.Tally {
        try DigestLedger.load(db, keys: keys)
    }

    static func save(_ db: Database, _ tally: LibraryDigest.Tally) throws {
        try DigestLedger.save(db, tally, keys: keys)
    }

    /// Brings the entries of `items` (and the total) up to date with their changes; an item
    /// in `merged` is counted from that state of all its changes, which the caller has in hand.
    static func refresh(_ db: Database, items: some Collection<ItemKey>, merged: [ItemKey: MergeState] = [:]) throws {
        guard !items.isEmpty else { return }
        var delta = LibraryDigest.Tally()
        let stored = try db.cachedStatement(sql: "SELECT count, sum FROM itemDigest WHERE entityID = ?")
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO itemDigest(entityID, entity, count, sum) VALUES (?, ?, ?, ?)
                ON CONFLICT(entityID) DO UPDATE SET count = excluded.count, sum = excluded.sum
                """)
        let delete = try db.cachedStatement(sql: "DELETE FROM itemDigest WHERE entityID = ?")
        for item in items {
            if let row = try Row.fetchOne(stored, arguments: [item.id]) {
                delta.add(entity: item.entity, count: -(row["count"] as Int), sum: 0 &- UInt64(bitPattern: row["sum"] as Int64))
            }
            let share = try merged[item].map { LibraryDigest.essentialShare(of: $0, id: item.id) } ?? Self.share(db, item)
            if share.count == 0 {
                try delete.execute(arguments: [item.id])
            } else {
                try upsert.execute(arguments: [item.id, item.entity.rawValue, share.count, Int64(bitPattern: share.sum)])
            }
            delta.add(entity: item.entity, count: share.count, sum: share.sum)
        }
        try DigestLedger.add(db, delta, keys: keys)
    }

    /// Adds the entries of items that had none, from their merge states (`Store.applyRemote`'s
    /// bulk path, which has the states in hand): the same shares `refresh` would count from
    /// the items' changes, without reading them again.
    static func add(_ db: Database, states: some Sequence<(item: ItemKey, state: MergeState)>) throws {
        var delta = LibraryDigest.Tally()
        let insert = try db.cachedStatement(sql: "INSERT INTO itemDigest(entityID, entity, count, sum) VALUES (?, ?, ?, ?)")
        for (item, state) in states {
            let share = LibraryDigest.essentialShare(of: state, id: item.id)
            guard share.count > 0 else { continue }
            try insert.execute(arguments: [item.id, item.entity.rawValue, share.count, Int64(bitPattern: share.sum)])
            delta.add(entity: item.entity, count: share.count, sum: share.sum)
        }
        try DigestLedger.add(db, delta, keys: keys)
    }

    /// Counts every item again from its changes, filling `itemDigest` and the total (the
    /// migration that starts the ledger).
    static func rebuild(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM itemDigest")
        try save(db, LibraryDigest.Tally())
        try refresh(db, items: try allItems(db))
    }

    /// What the store's items are now, counted again from their changes (for checks).
    static func compute(_ db: Database) throws -> LibraryDigest.Tally {
        var tally = LibraryDigest.Tally()
        for item in try allItems(db) {
            let share = try Self.share(db, item)
            tally.add(entity: item.entity, count: share.count, sum: share.sum)
        }
        return tally
    }

    /// One item's essential changes: how many, and the sum of their hashes. The changes the
    /// server refused are not part of the library it knows. Only clocks count, so the text of
    /// a snapshot that the row holds is not read back (`ContentInRow.placeholderSQL`).
    private static func share(_ db: Database, _ item: ItemKey) throws -> (count: Int, sum: UInt64) {
        let changes = try Change.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT 0 AS sequence, entity, entityID, operation, field, value, timestamp FROM change
                    WHERE entityID = ? AND sequence NOT IN (SELECT sequence FROM rejectedChange)
                    UNION ALL
                    SELECT 0, entity, entityID, operation, field, \(ContentInRow.placeholderSQL), timestamp FROM remoteChange WHERE entityID = ?
                    """),
            arguments: [item.id, item.id])
        guard !changes.isEmpty else { return (0, 0) }
        return LibraryDigest.essentialShare(of: MergeState(merging: changes), id: item.id)
    }

    private static func allItems(_ db: Database) throws -> [ItemKey] {
        try Row.fetchAll(db, sql: "SELECT DISTINCT entity, entityID FROM change UNION SELECT DISTINCT entity, entityID FROM remoteChange")
            .compactMap { row in Change.Entity(rawValue: row["entity"]).map { ItemKey(entity: $0, id: row["entityID"]) } }
    }
}
