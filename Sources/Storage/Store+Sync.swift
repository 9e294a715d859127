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
    public func recordSyncFinished(at date: Date? = nil) throws(StoreError) {
        try write { db, _ in try Self.setMeta(db, "lastSyncAt", ISODate.format(date ?? now())) }
    }

    /// Where this device is in the server's log (an opaque token); nil before the first pull.
    public func syncCursor() throws(StoreError) -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'syncCursor'") }
    }

    /// Sets local changes a server refused aside, with its reasons; they are not pushed again.
    public func setAside(_ rejected: [(sequence: Int64, reason: String)]) throws(StoreError) {
        guard !rejected.isEmpty else { return }
        try write { db, _ in
            for item in rejected {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO rejectedChange(sequence, reason) VALUES (?, ?)", arguments: [item.sequence, item.reason])
            }
        }
    }

    /// The changes a server refused, with its reasons.
    public func rejectedChanges() throws(StoreError) -> [(change: Change, reason: String)] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT change.*, rejectedChange.reason FROM rejectedChange JOIN change USING (sequence) ORDER BY sequence"
            ).map { row in (try Change(row: row), row["reason"] as String) }
        }
    }

    /// Starts over with a server that lost its data (a new epoch): every local change is to
    /// be pushed again, and the log is pulled from its start. Nothing local is deleted.
    public func restartSync(cursor: String?) throws(StoreError) {
        try write { db, _ in
            try Self.setMeta(db, "pushedThrough", "0")
            try Self.setMeta(db, "syncCursor", cursor)
        }
    }
}
