import Foundation
import GRDB
import Models

/// Counts and facts about a store, as `folio status` shows them.
package struct StoreStatus: Sendable, Equatable, Codable {
    package var path: String
    package var sizeBytes: Int64
    package var articles: Int
    package var unread: Int
    package var archived: Int
    package var starred: Int
    package var pending: Int
    package var notes: Int
    package var trashedArticles: Int
    package var trashedNotes: Int
    /// Notes whose body is in conflict (`folio note resolve`).
    package var conflictedNotes: Int
    /// Change-log entries not yet pushed to a server.
    package var unsyncedChanges: Int
    /// Local changes a server refused (set aside, not pushed again).
    package var rejectedChanges: Int
    /// Articles and notes whose merged changes this version cannot decode (written by a newer
    /// Folio): each keeps its last good form until Folio is updated.
    package var unreadableItems: Int
    /// When the last sync finished.
    package var lastSyncAt: Date?
    package var deviceID: String
}

extension Store {
    /// Counts of everything in the store.
    package func status() throws(StoreError) -> StoreStatus {
        var status = try read { db -> StoreStatus in
            let articles = try ItemCounts.articles(db)
            let notes = try ItemCounts.notes(db)
            return StoreStatus(
                path: path, sizeBytes: 0,
                articles: articles.live, unread: articles.unread, archived: articles.archived,
                starred: articles.starred, pending: articles.pending,
                notes: notes.live, trashedArticles: articles.trashed, trashedNotes: notes.trashed,
                conflictedNotes: notes.conflicted,
                unsyncedChanges: try Self.unsyncedCount(db),
                rejectedChanges: try Int.fetchOne(db, sql: "SELECT count(*) FROM rejectedChange") ?? 0,
                unreadableItems: try Int.fetchOne(db, sql: "SELECT count(*) FROM unreadableItem") ?? 0,
                lastSyncAt: try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'lastSyncAt'").flatMap(ISODate.parse),
                deviceID: try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'deviceID'") ?? "")
        }
        status.sizeBytes = fileBytes()
        return status
    }

    /// The bytes of the store's files on disk (the database, its write-ahead log and index).
    package func fileBytes() -> Int64 {
        var bytes: Int64 = 0
        for suffix in ["", "-wal", "-shm"] {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path + suffix)
            bytes += (attributes?[.size] as? NSNumber)?.int64Value ?? 0
        }
        return bytes
    }

    /// The last change-log sequence acknowledged by a server (0 when never synced).
    static func pushedThrough(_ db: Database) throws -> Int64 {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'pushedThrough'").flatMap { Int64($0) } ?? 0
    }

    /// The number of change-log entries after the pushed mark. Sequences are gap-free (the log
    /// only grows, and a rolled-back transaction takes its sequence numbers back with it), so
    /// this is a subtraction rather than a count over a log that can be long.
    static func unsyncedCount(_ db: Database) throws -> Int {
        let last = try Int64.fetchOne(db, sql: "SELECT max(sequence) FROM change") ?? 0
        return Int(max(0, last - (try pushedThrough(db))))
    }

    /// How many articles and notes this version cannot read (`StoreStatus.unreadableItems`).
    package func unreadableItemCount() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM unreadableItem") ?? 0 }
    }

    /// The sync line of `status` alone, cheap enough for every page of the web reader: the
    /// changes not yet pushed, and when the last sync finished (nil: never).
    package func syncState() throws(StoreError) -> (unsyncedChanges: Int, lastSyncAt: Date?) {
        try read { db in
            (
                try Self.unsyncedCount(db),
                try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'lastSyncAt'").flatMap(ISODate.parse)
            )
        }
    }

    /// How many change-log entries are not yet pushed (without the other counts of `status`).
    package func unsyncedChangeCount() throws(StoreError) -> Int {
        try read { db in try Self.unsyncedCount(db) }
    }

    /// Change-log entries not yet pushed, oldest first: a range scan on the log's key.
    package func unsyncedChanges(limit: Int = 500) throws(StoreError) -> [Change] {
        try read { db in
            try Change.fetchAll(
                db, sql: "SELECT * FROM change WHERE sequence > ? ORDER BY sequence LIMIT ?", arguments: [Self.pushedThrough(db), limit])
        }
    }

    /// Every change-log entry about one item, oldest first.
    package func changes(entityID: String) throws(StoreError) -> [Change] {
        try read { db in
            try Change.fetchAll(db, sql: "SELECT * FROM change WHERE entityID = ? ORDER BY sequence", arguments: [entityID])
        }
    }

    /// Marks the change log as pushed up to and including `sequence`.
    package func markPushed(through sequence: Int64) throws(StoreError) {
        try write { db, _ in
            try db.execute(
                sql:
                    "INSERT INTO meta(key, value) VALUES ('pushedThrough', ?) ON CONFLICT(key) DO UPDATE SET value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
                arguments: [String(sequence)])
        }
    }
}
