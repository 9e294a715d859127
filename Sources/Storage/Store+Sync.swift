import Foundation
import GRDB
import Models

extension Store {
    static func setMeta(_ db: Database, _ key: String, _ value: String?) throws {
        if let value {
            try db.execute(
                sql: "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [key, value])
        } else {
            try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [key])
        }
    }

    /// Records that a sync finished at `date`, by default now on the store's clock (shown by
    /// `folio status`).
    package func recordSyncFinished(at date: Date? = nil) throws(StoreError) {
        try write { db, _ in try Self.setMeta(db, "lastSyncAt", ISODate.format(date ?? now())) }
    }

    /// Where this device is in the server's log (an opaque token); nil before the first pull.
    package func syncCursor() throws(StoreError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'syncCursor'") }
    }

    /// Remembers where this device is in the server's log, with nothing pulled.
    package func saveSyncCursor(_ cursor: String) throws(StoreError) {
        try write { db, _ in try Self.setMeta(db, "syncCursor", cursor) }
    }

    /// Sets local changes a server refused aside, with its reasons; they are not pushed again.
    package func setAside(_ rejected: [(sequence: Int64, reason: String)]) throws(StoreError) {
        guard !rejected.isEmpty else { return }
        try write { db, recorder in
            var delta = LibraryDigest.Tally()
            for item in rejected {
                let alreadyAside = try Bool.fetchOne(db, sql: "SELECT 1 FROM rejectedChange WHERE sequence = ?", arguments: [item.sequence]) ?? false
                try db.execute(
                    sql: "INSERT OR REPLACE INTO rejectedChange(sequence, reason) VALUES (?, ?)", arguments: [item.sequence, item.reason])
                // A refused change is not part of the library the server knows.
                if !alreadyAside,
                    let row = try Row.fetchOne(
                        db, sql: "SELECT entity, entityID, timestamp FROM change WHERE sequence = ?", arguments: [item.sequence]),
                    let entity = Change.Entity(rawValue: row["entity"])
                {
                    delta.remove(entity: entity, id: row["entityID"], timestamp: row["timestamp"])
                    recorder.touch(ItemKey(entity: entity, id: row["entityID"]))
                }
            }
            try DigestLedger.add(db, delta)
        }
    }

    /// The changes a server refused, with its reasons.
    package func rejectedChanges() throws(StoreError) -> [(change: Change, reason: String)] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT change.*, rejectedChange.reason FROM rejectedChange JOIN change USING (sequence) ORDER BY sequence"
            ).map { row in (try Change(row: row), row["reason"] as String) }
        }
    }

    /// Starts over with a server that lost its data (a new epoch): every local change is to
    /// be pushed again, and the log is pulled from its start. Nothing local is deleted.
    package func restartSync(cursor: String?) throws(StoreError) {
        try write { db, _ in
            try Self.setMeta(db, "pushedThrough", "0")
            try Self.setMeta(db, "syncCursor", cursor)
            // The bounds and the settled sequence were of the lost epoch's numbers.
            try Self.forgetBounds(db)
        }
    }

    /// Bounds and the settled sequence are numbers of one server epoch (meta 'boundsEpoch'): a
    /// page of another epoch (a pull from the start that meets a server reset since) forgets
    /// them before it keeps its own.
    static func keepBounds(of epoch: String, _ db: Database) throws {
        let kept = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'boundsEpoch'")
        guard kept != epoch else { return }
        if kept != nil { try forgetBounds(db) }
        try setMeta(db, "boundsEpoch", epoch)
    }

    /// Forgets every change's bound and the settled sequence: nothing is settled until a pull
    /// of the current epoch says so again.
    static func forgetBounds(_ db: Database) throws {
        try setMeta(db, "settled", nil)
        try db.execute(sql: "UPDATE change SET bound = NULL WHERE bound IS NOT NULL")
        try db.execute(sql: "UPDATE remoteChange SET bound = NULL WHERE bound IS NOT NULL")
    }

    /// How far this device's log is pushed (`markPushed`): read when a pull begins, for the
    /// page that ends it (`applyRemote(…endsPull:)`).
    package func pushedThroughSequence() throws(StoreError) -> Int64 {
        try read { db in try Self.pushedThrough(db) }
    }

    /// The highest sequence this device's own change log has ever issued (0 before its first
    /// change): SQLite's `AUTOINCREMENT` counter, which no later deletion of rows lowers.
    package func lastChangeSequence() throws(StoreError) -> Int64 {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'change'), 0)") ?? 0
        }
    }

    /// Gives this device a new id and forgets its cursor: for a store put back from an older
    /// copy, whose device sequences the server has already seen for other changes. Its
    /// unpushed changes go out under the new id, and the next pull reads the whole log,
    /// including what the old id made after the copy. Nothing local is deleted.
    package func continueAsNewDevice() throws(StoreError) {
        try write { db, _ in
            try Self.setMeta(db, "deviceID", EntityID.make())
            try Self.setMeta(db, "syncCursor", String?.none)
        }
    }

    /// Forgets the sync cursor, so that the next pull reads the server's whole log again (the
    /// merge is idempotent: what is known stays as it is, what is missing comes back).
    package func restartPull() throws(StoreError) {
        try write { db, _ in try Self.setMeta(db, "syncCursor", String?.none) }
    }

    /// Articles and notes out of the trash (what the sync's removal guard measures against).
    package func liveItemCount() throws(StoreError) -> Int {
        try read { db in try ItemCounts.live(db) }
    }

    /// The changes this device knows: its own (but those the server refused) and the ones it
    /// merged (see `LibraryDigest`), and what its items are now (`EssentialsLedger`). After a
    /// complete sync it equals the server's digest. Kept
    /// up to date change by change, so reading it costs nothing; `recomputed` counts again
    /// from the change tables (for checks).
    package func libraryDigest(recomputed: Bool = false) throws(StoreError) -> LibraryDigest {
        try read { db in
            try (recomputed ? DigestLedger.compute(db) : DigestLedger.load(db))
                .digest(current: recomputed ? EssentialsLedger.compute(db) : EssentialsLedger.load(db))
        }
    }
}

/// The running digest of a store's changes, kept in `meta` and updated in the transactions
/// that add changes (`ChangeRecorder`, `applyRemote`) or set them aside (`setAside`).
enum DigestLedger {
    /// The `meta` keys of the two kinds' totals.
    static let keys = (articles: "digestArticles", notes: "digestNotes")

    static func load(_ db: Database, keys: (articles: String, notes: String) = keys) throws -> LibraryDigest.Tally {
        var tally = LibraryDigest.Tally()
        for (key, entity) in [(keys.articles, Change.Entity.article), (keys.notes, .note)] {
            let parts = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])?.split(separator: ":") ?? []
            guard parts.count == 2, let count = Int(parts[0]), let sum = UInt64(parts[1], radix: 16) else { continue }
            tally.add(entity: entity, count: count, sum: sum)
        }
        return tally
    }

    static func save(_ db: Database, _ tally: LibraryDigest.Tally, keys: (articles: String, notes: String) = keys) throws {
        for (key, count, sum) in [(keys.articles, tally.articleCount, tally.articleSum), (keys.notes, tally.noteCount, tally.noteSum)] {
            try Store.setMeta(db, key, "\(count):\(String(sum, radix: 16))")
        }
    }

    /// Adds what one transaction changed.
    static func add(_ db: Database, _ delta: LibraryDigest.Tally, keys: (articles: String, notes: String) = keys) throws {
        guard delta != LibraryDigest.Tally() else { return }
        var tally = try load(db, keys: keys)
        tally.add(delta)
        try save(db, tally, keys: keys)
    }

    /// Counts every change again: the device's own (but the refused ones), the merged ones, and
    /// the ones compaction dropped (what they added, kept since migration v23: `CompactedClocks`;
    /// and the older ones `compactedChange` still holds).
    static func compute(_ db: Database) throws -> LibraryDigest.Tally {
        var tally = LibraryDigest.Tally()
        if try db.tableExists("compactedClock") { tally.add(try load(db, keys: CompactedClocks.digestKeys)) }
        var queries = [
            "SELECT entity, entityID, timestamp FROM change WHERE sequence NOT IN (SELECT sequence FROM rejectedChange)",
            "SELECT entity, entityID, timestamp FROM remoteChange",
        ]
        // Not there yet when an older migration (v10) counts.
        if try db.tableExists("compactedChange") { queries.append("SELECT entity, entityID, timestamp FROM compactedChange") }
        for sql in queries {
            let rows = try Row.fetchCursor(db, sql: sql)
            while let row = try rows.next() {
                guard let entity = Change.Entity(rawValue: row["entity"]) else { continue }
                tally.add(entity: entity, id: row["entityID"], timestamp: row["timestamp"])
            }
        }
        return tally
    }
}
