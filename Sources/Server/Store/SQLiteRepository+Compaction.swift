import Foundation
import GRDB
import Models

/// Compaction in the embedded store: the plans of `ServerCompaction`, carried out in SQL.
extension SQLiteRepository {
    /// Migration v6: the user's last sequence on its own, the clocks of compacted changes,
    /// what each device acknowledged and when it was last seen, each item's share of the
    /// current digest, and the queue of items to compact (every item, at first).
    static func migrateToCompaction(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE user ADD COLUMN lastSequence INTEGER NOT NULL DEFAULT 0;
                UPDATE user SET lastSequence = coalesce((SELECT max(sequence) FROM serverChange WHERE userID = user.id), 0);
                ALTER TABLE device ADD COLUMN acknowledged INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE device ADD COLUMN lastSeen REAL;
                ALTER TABLE device ADD COLUMN pushed INTEGER NOT NULL DEFAULT 1;
                ALTER TABLE digest ADD COLUMN current TEXT;
                CREATE TABLE compactedChange (
                    userID INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                    timestamp TEXT NOT NULL,
                    PRIMARY KEY (userID, timestamp)
                ) WITHOUT ROWID;
                CREATE TABLE itemDigest (
                    userID INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                    entity TEXT NOT NULL,
                    entityID TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    sum INTEGER NOT NULL,
                    PRIMARY KEY (userID, entity, entityID)
                ) WITHOUT ROWID;
                CREATE TABLE compactionQueue (
                    position INTEGER PRIMARY KEY,
                    userID INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                    entity TEXT NOT NULL,
                    entityID TEXT NOT NULL,
                    UNIQUE (userID, entity, entityID)
                );
                CREATE INDEX serverChange_item ON serverChange(userID, entity, entityID, sequence);
                """)
        // The devices known before stay known: seen now, holding back what they have not
        // acknowledged yet (nothing, until their next pull).
        try db.execute(sql: "UPDATE device SET lastSeen = ?", arguments: [Date().timeIntervalSince1970])
        for userID in try Int64.fetchAll(db, sql: "SELECT id FROM user") {
            let items = try Row.fetchAll(
                db, sql: "SELECT DISTINCT entity, entityID FROM serverChange WHERE userID = ? ORDER BY entity, entityID", arguments: [userID]
            ).compactMap { row in Change.Entity(rawValue: row["entity"]).map { ItemKey(entity: $0, id: row["entityID"]) } }
            try queueForCompaction(db, items: items, userID: userID)
            try refreshShares(db, items: items, userID: userID)
        }
    }

    /// Migration v9: the clocks of compacted changes as numbers (`compactedClock`), their
    /// devices named once per user (`clockDevice`), instead of one text per clock: a fifth of
    /// the space (an edit-heavy library's 378,000 clocks took 27.1 MiB as text, 5.4 MiB as
    /// numbers). A clock moves only when its text is exactly the form `HLCTimestamp` writes
    /// (16 digits, 5 digits, a device): any other text stays in `compactedChange`, which pushes
    /// still consult.
    static func migrateToCompactedClocks(_ db: Database) throws {
        let canonical = String(repeating: "[0-9]", count: 16) + "-" + String(repeating: "[0-9]", count: 5) + "-?*"
        try db.execute(
            sql: """
                CREATE TABLE clockDevice (
                    id INTEGER PRIMARY KEY,
                    userID INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                    deviceID TEXT NOT NULL,
                    UNIQUE (userID, deviceID)
                );
                CREATE TABLE compactedClock (
                    device INTEGER NOT NULL REFERENCES clockDevice(id) ON DELETE CASCADE,
                    wallMillis INTEGER NOT NULL,
                    counter INTEGER NOT NULL,
                    PRIMARY KEY (device, wallMillis, counter)
                ) WITHOUT ROWID;
                """)
        try db.execute(
            sql:
                "INSERT OR IGNORE INTO clockDevice(userID, deviceID) SELECT DISTINCT userID, substr(timestamp, 24) FROM compactedChange WHERE timestamp GLOB ?",
            arguments: [canonical])
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO compactedClock(device, wallMillis, counter)
                SELECT clockDevice.id, CAST(substr(timestamp, 1, 16) AS INTEGER), CAST(substr(timestamp, 18, 5) AS INTEGER)
                FROM compactedChange JOIN clockDevice ON clockDevice.userID = compactedChange.userID AND clockDevice.deviceID = substr(timestamp, 24)
                WHERE timestamp GLOB ?
                """, arguments: [canonical])
        try db.execute(sql: "DELETE FROM compactedChange WHERE timestamp GLOB ?", arguments: [canonical])
    }

    /// Keeps the clock of a change compaction dropped: a retried push of it is a duplicate.
    static func noteCompacted(_ db: Database, clock: HLCTimestamp, userID: Int64) throws {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO clockDevice(userID, deviceID) VALUES (?, ?)").execute(
            arguments: [userID, clock.deviceID])
        try db.cachedStatement(
            sql:
                "INSERT OR IGNORE INTO compactedClock(device, wallMillis, counter) SELECT id, ?, ? FROM clockDevice WHERE userID = ? AND deviceID = ?"
        ).execute(arguments: [clock.wallMillis, clock.counter, userID, clock.deviceID])
    }

    /// Which of `clocks` are clocks of changes compaction dropped (`noteCompacted`).
    static func compactedClocks(_ db: Database, among clocks: some Collection<HLCTimestamp>, userID: Int64) throws -> [HLCTimestamp] {
        guard !clocks.isEmpty else { return [] }
        var values: [any DatabaseValueConvertible] = [userID]
        for clock in clocks { values += [clock.deviceID, clock.wallMillis, clock.counter] }
        return try Row.fetchAll(db, sql: compactedClocksSQL(count: clocks.count), arguments: StatementArguments(values)).map { row in
            HLCTimestamp(wallMillis: row["wallMillis"], counter: row["counter"], deviceID: row["deviceID"])
        }
    }

    /// The statement of `compactedClocks(_:among:userID:)` for `count` clocks (the user, then
    /// each clock's device, time and counter): each clock looked up by the two primary keys.
    static func compactedClocksSQL(count: Int) -> String {
        """
        WITH wanted(deviceID, wallMillis, counter) AS (VALUES \((0..<count).map { "(?\($0 * 3 + 2), ?\($0 * 3 + 3), ?\($0 * 3 + 4))" }.joined(separator: ", ")))
        SELECT wanted.deviceID, wanted.wallMillis, wanted.counter FROM wanted
        JOIN clockDevice ON clockDevice.userID = ?1 AND clockDevice.deviceID = wanted.deviceID
        JOIN compactedClock ON compactedClock.device = clockDevice.id
            AND compactedClock.wallMillis = wanted.wallMillis AND compactedClock.counter = wanted.counter
        """
    }

    /// After a push stored changes of `items` (each once, in the order of their first change, as
    /// `SyncLog` queues them): queues them for compaction, and notes that their shares of the
    /// current digest are stale (refreshed in steps after the push by `CompactionService`, and
    /// what is left when the digest is asked for: a long push in many batches reads each item's
    /// changes once, not once a batch).
    static func noteChanged(_ db: Database, items: [ItemKey], userID: Int64) throws {
        try queueForCompaction(db, items: items, userID: userID)
        for item in items {
            try db.execute(
                sql: "INSERT OR IGNORE INTO staleDigest(userID, entity, entityID) VALUES (?, ?, ?)",
                arguments: [userID, item.entity.rawValue, item.id])
        }
    }

    /// Puts `items` on the user's compaction queue (once each, in order).
    static func queueForCompaction(_ db: Database, items: [ItemKey], userID: Int64) throws {
        for item in items {
            try db.execute(
                sql: "INSERT OR IGNORE INTO compactionQueue(userID, entity, entityID) VALUES (?, ?, ?)",
                arguments: [userID, item.entity.rawValue, item.id])
        }
    }

    /// Refreshes the shares of the current digest that pushes made stale (`noteChanged`): all of
    /// them, or the first `limit`. Returns how many it refreshed.
    @discardableResult
    static func refreshStaleShares(_ db: Database, userID: Int64, limit: Int? = nil) throws -> Int {
        let items = try Row.fetchAll(
            db, sql: "SELECT entity, entityID FROM staleDigest WHERE userID = ? ORDER BY entity, entityID LIMIT ?",
            arguments: [userID, limit.map { max(0, $0) } ?? -1]
        ).map { row in (entity: row["entity"] as String, id: row["entityID"] as String) }
        guard !items.isEmpty else { return 0 }
        try refreshShares(
            db, items: items.compactMap { item in Change.Entity(rawValue: item.entity).map { ItemKey(entity: $0, id: item.id) } }, userID: userID)
        // The items taken are the first in that order: everything up to the last of them.
        let last = items[items.count - 1]
        try db.execute(
            sql: "DELETE FROM staleDigest WHERE userID = ? AND (entity, entityID) <= (?, ?)", arguments: [userID, last.entity, last.id])
        return items.count
    }

    package func refreshDigestShares(for user: ServerUser, itemLimit: Int) async throws -> Int {
        try await pool.write { db in try Self.refreshStaleShares(db, userID: user.id, limit: itemLimit) }
    }

    /// Computes the shares of the current digest of `items` from every change the log holds of
    /// each, and the user's total.
    static func refreshShares(_ db: Database, items: [ItemKey], userID: Int64) throws {
        var current = try currentTally(db, userID: userID)
        for item in items {
            if let old = try Row.fetchOne(
                db, sql: "SELECT count, sum FROM itemDigest WHERE userID = ? AND entity = ? AND entityID = ?",
                arguments: [userID, item.entity.rawValue, item.id])
            {
                current.add(entity: item.entity, count: -(old["count"] as Int), sum: 0 &- UInt64(bitPattern: old["sum"] as Int64))
            }
            let share = ServerCompaction.currentShare(of: try changes(db, of: item, userID: userID).map(\.change))
            current.add(entity: item.entity, count: share.count, sum: share.sum)
            try db.execute(
                sql: "INSERT OR REPLACE INTO itemDigest(userID, entity, entityID, count, sum) VALUES (?, ?, ?, ?, ?)",
                arguments: [userID, item.entity.rawValue, item.id, share.count, Int64(bitPattern: share.sum)])
        }
        try saveCurrentTally(db, userID: userID, current)
    }

    /// Every change the user's log holds of one item, in sequence order.
    static func changes(_ db: Database, of item: ItemKey, userID: Int64) throws -> [ServerChange] {
        try Row.fetchAll(db, sql: itemChangesSQL, arguments: [userID, item.entity.rawValue, item.id]).map(serverChange)
    }

    /// The first items of a user's compaction queue (user and how many as arguments).
    static let compactionBatchSQL = "SELECT position, entity, entityID FROM compactionQueue WHERE userID = ? ORDER BY position LIMIT ?"

    /// The statement of `changes(_:of:userID:)` (user, entity and id as arguments). The item
    /// index is named: without statistics SQLite prefers the primary key (userID, sequence)
    /// for the order, which reads the user's whole log for every item.
    static let itemChangesSQL = """
        SELECT sequence, timestamp, entity, entityID, operation, field, value FROM serverChange INDEXED BY serverChange_item
        WHERE userID = ? AND entity = ? AND entityID = ? ORDER BY sequence
        """

    /// The sequence up to which every device seen within `horizon` of `now` holds the user's
    /// log ending at `lastSequence` (`ServerCompaction.settledSequence`).
    static func settledSequence(_ db: Database, userID: Int64, lastSequence: Int64, now: Date, horizon: TimeInterval) throws -> Int64 {
        ServerCompaction.settledSequence(
            devices: try acknowledgements(db, userID: userID).map(\.acknowledgement), lastSequence: lastSequence, now: now,
            horizon: horizon, lostDataSeen: try lostDataSeen(db, userID: userID))
    }

    /// Notes what a pull that names its device tells (`ServerCompaction.acknowledgement`): the
    /// device was seen now (a pull-only device gets a row), and what it holds. Devices compact
    /// by what the page says is settled, as the server does, so that sequence counts as used by
    /// compaction (`noteCompaction`).
    func recordPull(after cursor: String?, device: String, deviceSequence: Int64?, now: Date, horizon: TimeInterval, for user: ServerUser)
        async throws
    {
        try await pool.write { db in
            let lastProcessed =
                try Int64.fetchOne(db, sql: "SELECT lastProcessed FROM device WHERE userID = ? AND deviceID = ?", arguments: [user.id, device])
                ?? 0
            let epoch = try Self.epoch(db)
            let newest = try Self.lastSequence(db, userID: user.id)
            if ServerCompaction.showsLostData(after: cursor, epoch: epoch, newest: newest) { try Self.noteLostData(db, userID: user.id, now: now) }
            let acknowledged = ServerCompaction.acknowledgement(
                after: cursor, epoch: epoch, newest: newest, deviceSequence: deviceSequence, lastProcessed: lastProcessed)
            try db.execute(
                sql: """
                    INSERT INTO device(userID, deviceID, lastProcessed, pushed, lastSeen, acknowledged) VALUES (?1, ?2, 0, 0, ?3, coalesce(?4, 0))
                    ON CONFLICT(userID, deviceID) DO UPDATE SET lastSeen = ?3, acknowledged = coalesce(?4, device.acknowledged)
                    """,
                arguments: [user.id, device, now.timeIntervalSince1970, acknowledged])
            let settled = try Self.settledSequence(db, userID: user.id, lastSequence: newest, now: now, horizon: horizon)
            try Self.noteCompaction(db, settled: settled, now: now, horizon: horizon, userID: user.id)
        }
    }

    package func compact(for user: ServerUser, itemLimit: Int, now: Date, horizon: TimeInterval) async throws -> CompactionReport {
        try await pool.write { db in
            var report = CompactionReport()
            let batch = try Row.fetchAll(db, sql: Self.compactionBatchSQL, arguments: [user.id, max(0, itemLimit)])
            if !batch.isEmpty {
                let settled = try Self.settledSequence(
                    db, userID: user.id, lastSequence: try Self.lastSequence(db, userID: user.id), now: now, horizon: horizon)
                try Self.noteCompaction(db, settled: settled, now: now, horizon: horizon, userID: user.id)
                var tally = try Self.tally(db, userID: user.id)
                for row in batch {
                    try db.execute(sql: "DELETE FROM compactionQueue WHERE position = ?", arguments: [row["position"] as Int64])
                    guard let entity = Change.Entity(rawValue: row["entity"]) else { continue }
                    let key = ItemKey(entity: entity, id: row["entityID"])
                    let item = ServerCompaction.plan(for: try Self.changes(db, of: key, userID: user.id), settled: settled)
                    report.add(item)
                    for stored in item.drops {
                        try db.execute(sql: "DELETE FROM serverChange WHERE userID = ? AND sequence = ?", arguments: [user.id, stored.sequence])
                        try Self.noteCompacted(db, clock: stored.change.timestamp, userID: user.id)
                    }
                    for stored in item.rewrites {
                        try db.execute(
                            sql: "UPDATE serverChange SET value = ? WHERE userID = ? AND sequence = ?",
                            arguments: [stored.change.value, user.id, stored.sequence])
                    }
                    item.remove(from: &tally)
                    if item.stillPending {
                        try db.execute(
                            sql: "INSERT INTO compactionQueue(userID, entity, entityID) VALUES (?, ?, ?)",
                            arguments: [user.id, key.entity.rawValue, key.id])
                    }
                }
                try Self.saveTally(db, userID: user.id, tally)
            }
            report.itemsPending = try Int.fetchOne(db, sql: "SELECT count(*) FROM compactionQueue WHERE userID = ?", arguments: [user.id]) ?? 0
            return report
        }
    }

    package func deviceRecords(for user: ServerUser) async throws -> DeviceRecords {
        try await pool.read { db in
            DeviceRecords(
                lastSequence: try Self.lastSequence(db, userID: user.id), devices: try Self.acknowledgements(db, userID: user.id),
                lostDataSeen: try Self.lostDataSeen(db, userID: user.id))
        }
    }

    /// Notes that a device came, at `now`, with data the user's log does not hold
    /// (`ServerCompaction.settledSequence(…lostDataSeen:)`).
    static func noteLostData(_ db: Database, userID: Int64, now: Date) throws {
        try db.execute(sql: "UPDATE user SET lostDataSeen = ? WHERE id = ?", arguments: [now.timeIntervalSince1970, userID])
    }

    /// When a device last came with data the user's log does not hold (nil: never).
    static func lostDataSeen(_ db: Database, userID: Int64) throws -> Date? {
        try Double.fetchOne(db, sql: "SELECT lostDataSeen FROM user WHERE id = ?", arguments: [userID]).map(Date.init(timeIntervalSince1970:))
    }

    /// The user's known devices (not forgotten), by id.
    static func acknowledgements(_ db: Database, userID: Int64) throws -> [DeviceRecord] {
        try Row.fetchAll(
            db,
            sql: "SELECT deviceID, name, acknowledged, lastSeen FROM device WHERE userID = ? AND lastSeen IS NOT NULL ORDER BY deviceID",
            arguments: [userID]
        ).map { row in
            DeviceRecord(
                id: row["deviceID"], name: row["name"],
                acknowledgement: DeviceAcknowledgement(
                    acknowledged: row["acknowledged"], lastSeen: Date(timeIntervalSince1970: row["lastSeen"])))
        }
    }

    package func forget(device: String, for user: ServerUser) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE device SET lastSeen = NULL, acknowledged = 0 WHERE userID = ? AND deviceID = ? AND lastSeen IS NOT NULL",
                arguments: [user.id, device])
            guard db.changesCount == 1 else { throw ServerError.noSuchDevice(device) }
        }
    }
}
