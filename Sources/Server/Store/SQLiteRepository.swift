import Foundation
import GRDB
import Models

/// The embedded store of `folio-server`: one SQLite file in WAL mode in the data folder.
/// SQLite has one writer at a time, so sequence numbers commit in order and a pull can never
/// skip a change.
package final class SQLiteRepository: SyncRepository {
    let pool: DatabasePool

    package init(path: String) throws(ServerError) {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw .cannotOpen("\(path): \(error)")
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-server") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
                    CREATE TABLE user (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE,
                        tokenHash BLOB NOT NULL UNIQUE
                    );
                    CREATE TABLE serverChange (
                        userID INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                        sequence INTEGER NOT NULL,
                        timestamp TEXT NOT NULL,
                        entity TEXT NOT NULL,
                        entityID TEXT NOT NULL,
                        operation TEXT NOT NULL,
                        field TEXT,
                        value TEXT,
                        PRIMARY KEY (userID, sequence)
                    ) WITHOUT ROWID;
                    CREATE TABLE device (
                        userID INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                        deviceID TEXT NOT NULL,
                        lastProcessed INTEGER NOT NULL,
                        PRIMARY KEY (userID, deviceID)
                    ) WITHOUT ROWID;
                    CREATE TABLE rejection (
                        userID INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                        deviceID TEXT NOT NULL,
                        deviceSequence INTEGER NOT NULL,
                        reason TEXT NOT NULL,
                        PRIMARY KEY (userID, deviceID, deviceSequence)
                    ) WITHOUT ROWID;
                    """)
            try db.execute(sql: "INSERT INTO meta(key, value) VALUES ('epoch', ?)", arguments: [EntityID.make()])
        }
        migrator.registerMigration("v2-transaction-end") { db in
            // The last sequence of the push transaction that stored each change (pull pages
            // end on transaction boundaries).
            try db.execute(sql: "ALTER TABLE serverChange ADD COLUMN transactionEnd INTEGER")
        }
        migrator.registerMigration("v3-digest") { db in
            // Each user's running digest of the log (`LibraryDigest`), kept by every push.
            try db.execute(
                sql: """
                    CREATE TABLE digest (
                        userID INTEGER PRIMARY KEY NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                        tally TEXT NOT NULL
                    );
                    """)
            for userID in try Int64.fetchAll(db, sql: "SELECT id FROM user") {
                var tally = LibraryDigest.Tally()
                let rows = try Row.fetchCursor(db, sql: "SELECT entity, entityID, timestamp FROM serverChange WHERE userID = ?", arguments: [userID])
                while let row = try rows.next() {
                    guard let entity = Change.Entity(rawValue: row["entity"]) else { continue }
                    tally.add(entity: entity, id: row["entityID"], timestamp: row["timestamp"])
                }
                try Self.saveTally(db, userID: userID, tally)
            }
        }
        migrator.registerMigration("v4-device-names") { db in
            // What each device calls itself (`PushRequest.deviceName`), for `GET /v1/devices`.
            try db.execute(sql: "ALTER TABLE device ADD COLUMN name TEXT")
        }
        migrator.registerMigration("v5-one-change-per-timestamp") { db in
            // One row per clock timestamp and user (a retried or replayed change is answered
            // `duplicate`). A log that older versions let hold the same timestamp twice keeps
            // those rows (nothing is deleted) under a plain index; pushes check it all the same.
            let twice =
                try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM serverChange GROUP BY userID, timestamp HAVING count(*) > 1 LIMIT 1") ?? false
            try db.execute(
                sql: "CREATE \(twice ? "" : "UNIQUE ") INDEX serverChange_timestamp ON serverChange(userID, timestamp)")
        }
        migrator.registerMigration("v6-compaction") { db in
            try Self.migrateToCompaction(db)
        }
        migrator.registerMigration("v7-lost-data") { db in
            // When a device last came with data the log does not hold (compaction waits).
            try db.execute(sql: "ALTER TABLE user ADD COLUMN lostDataSeen REAL")
        }
        migrator.registerMigration("v8-stale-digest") { db in
            // The items whose share of the current digest a push changed: refreshed once, when
            // the digest is asked for, however many pushes changed them. And the compaction
            // queue in order per user (a step read and sorted the user's whole queue).
            try db.execute(
                sql: """
                    CREATE TABLE staleDigest (
                        userID INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                        entity TEXT NOT NULL,
                        entityID TEXT NOT NULL,
                        PRIMARY KEY (userID, entity, entityID)
                    ) WITHOUT ROWID;
                    CREATE INDEX compactionQueue_order ON compactionQueue(userID, position);
                    """)
        }
        migrator.registerMigration("v9-compacted-clocks") { db in
            try Self.migrateToCompactedClocks(db)
        }
        migrator.registerMigration("v10-item-order") { db in
            try Self.migrateToItemOrder(db)
        }
        migrator.registerMigration("v11-rejoin") { db in
            try Self.migrateToRejoin(db)
        }
        return migrator
    }

    static func validate(name: String) throws(ServerError) {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".-_"))
        guard !name.isEmpty, name.count <= 64, name.unicodeScalars.allSatisfy(allowed.contains) else { throw .invalidName(name) }
    }

    package func addUser(name: String) async throws -> String {
        try Self.validate(name: name)
        let token = try Tokens.make()
        try await pool.write { db in
            guard try Int.fetchOne(db, sql: "SELECT 1 FROM user WHERE name = ?", arguments: [name]) == nil else {
                throw ServerError.userExists(name)
            }
            try db.execute(sql: "INSERT INTO user(name, tokenHash) VALUES (?, ?)", arguments: [name, Tokens.hash(token)])
        }
        return token
    }

    package func users() async throws -> [ServerUser] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name FROM user ORDER BY name").map { ServerUser(id: $0["id"], name: $0["name"]) }
        }
    }

    package func rotateToken(name: String) async throws -> String {
        let token = try Tokens.make()
        try await pool.write { db in
            try db.execute(sql: "UPDATE user SET tokenHash = ? WHERE name = ?", arguments: [Tokens.hash(token), name])
            guard db.changesCount == 1 else { throw ServerError.noSuchUser(name) }
        }
        return token
    }

    package func removeUser(name: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM user WHERE name = ?", arguments: [name])
            guard db.changesCount == 1 else { throw ServerError.noSuchUser(name) }
        }
    }

    package func user(token: String) async throws -> ServerUser? {
        let hash = Tokens.hash(token)
        return try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, name, tokenHash FROM user WHERE tokenHash = ?", arguments: [hash]),
                Tokens.equal(row["tokenHash"], hash)
            else { return nil }
            return ServerUser(id: row["id"], name: row["name"])
        }
    }

    package func push(_ request: PushRequest, for user: ServerUser) async throws -> PushResponse {
        let now = Date()
        return try await pool.write { db in
            let plan = SyncRules.planPush(request, inputs: try Self.pushInputs(db, request, user: user), now: now)
            if plan.response.epochChanged { try Self.noteLostData(db, userID: user.id, now: now) }
            guard let writes = plan.writes else { return plan.response }
            try Self.insert(writes.inserts, transactionEnd: writes.transactionEnd, db, userID: user.id)
            for rejection in writes.rejections {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO rejection(userID, deviceID, deviceSequence, reason) VALUES (?, ?, ?, ?)",
                    arguments: [user.id, request.deviceID, rejection.deviceSequence, rejection.reason])
            }
            if !writes.inserts.isEmpty {
                var total = try Self.tally(db, userID: user.id)
                total.add(writes.tally)
                try Self.saveTally(db, userID: user.id, total)
                try db.execute(sql: "UPDATE user SET lastSequence = ? WHERE id = ?", arguments: [writes.transactionEnd, user.id])
                try Self.noteChanged(db, items: writes.items, userID: user.id)
                try Self.noteLastSequences(db, of: writes.inserts, userID: user.id)
                try Self.askDevicesBack(db, after: writes.inserts, userID: user.id)
            }
            try db.execute(
                sql: """
                    INSERT INTO device(userID, deviceID, lastProcessed, name, lastSeen, pushed) VALUES (?, ?, ?, ?, ?, 1)
                    ON CONFLICT(userID, deviceID) DO UPDATE
                    SET lastProcessed = excluded.lastProcessed, name = coalesce(excluded.name, device.name),
                        lastSeen = excluded.lastSeen, pushed = 1
                    """,
                arguments: [user.id, request.deviceID, writes.lastProcessed, request.deviceName, now.timeIntervalSince1970])
            return plan.response
        }
    }

    /// Stores changes numbered by a plan, as one transaction of the log ending at
    /// `transactionEnd`; `restored`: stored again for a device that rejoined (sent to every
    /// device, the one that made them too).
    static func insert(_ inserts: [ServerChange], transactionEnd: Int64, restored: Bool = false, _ db: Database, userID: Int64) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO serverChange(userID, sequence, timestamp, entity, entityID, operation, field, value, transactionEnd, restored)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for insert in inserts {
            let change = insert.change
            try statement.execute(arguments: [
                userID, insert.sequence, change.timestamp.description, change.entity.rawValue, change.entityID,
                change.operation.rawValue, change.field, change.value, transactionEnd, restored,
            ])
        }
    }

    /// What `SyncRules.planPush` needs, read in the push's transaction: the device's last
    /// processed sequence, the refusals of the sequences it sends again, which of its
    /// timestamps are stored (one query), and the log's end.
    static func pushInputs(_ db: Database, _ request: PushRequest, user: ServerUser) throws -> PushInputs {
        let lastProcessed =
            try Int64.fetchOne(
                db, sql: "SELECT lastProcessed FROM device WHERE userID = ? AND deviceID = ?", arguments: [user.id, request.deviceID]) ?? 0
        var rejections: [Int64: String] = [:]
        let again = SyncRules.processedSequences(of: request, lastProcessed: lastProcessed)
        if let low = again.min(), let high = again.max() {
            let rows = try Row.fetchAll(
                db, sql: "SELECT deviceSequence, reason FROM rejection WHERE userID = ? AND deviceID = ? AND deviceSequence BETWEEN ? AND ?",
                arguments: [user.id, request.deviceID, low, high])
            for row in rows { rejections[row["deviceSequence"]] = row["reason"] }
        }
        var stored = Set<HLCTimestamp>()
        let timestamps = request.mutations.map(\.change.timestamp)
        for chunk in stride(from: 0, to: timestamps.count, by: 500).map({ timestamps[$0..<min($0 + 500, timestamps.count)] }) {
            // Three times: the stored clocks, the clocks of compacted changes, and the clocks
            // an older version kept as text.
            let texts: [any DatabaseValueConvertible] = [user.id] + chunk.map(\.description)
            let found = try String.fetchAll(
                db,
                sql: """
                    SELECT timestamp FROM serverChange WHERE userID = ? AND timestamp IN (\(databaseQuestionMarks(count: chunk.count)))
                    UNION ALL
                    SELECT timestamp FROM compactedChange WHERE userID = ? AND timestamp IN (\(databaseQuestionMarks(count: chunk.count)))
                    """,
                arguments: StatementArguments(texts + texts))
            stored.formUnion(found.compactMap(HLCTimestamp.init))
            stored.formUnion(try compactedClocks(db, among: chunk, userID: user.id))
        }
        let lastSequence = try Self.lastSequence(db, userID: user.id)
        return PushInputs(
            epoch: try epoch(db), lastProcessed: lastProcessed, rejections: rejections, storedTimestamps: stored, lastSequence: lastSequence)
    }

    package func pull(
        after cursor: String?, limit: Int, excludingDevice: String?, deviceSequence: Int64?, order: PullOrder, horizon: TimeInterval,
        for user: ServerUser
    ) async throws -> PullResponse {
        let now = Date()
        if let excludingDevice {
            try await recordPull(after: cursor, device: excludingDevice, deviceSequence: deviceSequence, now: now, horizon: horizon, for: user)
        }
        return try await pool.read { db in
            var page = try Self.pull(
                db, after: cursor, limit: limit, excludingDevice: excludingDevice, deviceSequence: deviceSequence, order: order, now: now,
                horizon: horizon, userID: user.id)
            if let excludingDevice, page.deviceRestored != true, try Self.mustRejoin(db, device: excludingDevice, userID: user.id) {
                page.rejoin = true
            }
            return page
        }
    }

    /// A page of the log (`pull(after:…)`), read in one transaction.
    private static func pull(
        _ db: Database, after cursor: String?, limit: Int, excludingDevice: String?, deviceSequence: Int64?, order: PullOrder, now: Date,
        horizon: TimeInterval, userID: Int64
    ) throws -> PullResponse {
        let newest = try Self.lastSequence(db, userID: userID)
        var lastProcessed: Int64 = 0
        if let excludingDevice, deviceSequence != nil {
            lastProcessed =
                try Int64.fetchOne(
                    db, sql: "SELECT lastProcessed FROM device WHERE userID = ? AND deviceID = ?", arguments: [userID, excludingDevice])
                ?? 0
        }
        let plan = SyncRules.planPull(
            after: cursor, epoch: try Self.epoch(db), newest: newest, deviceSequence: deviceSequence,
            lastProcessed: lastProcessed, order: order)
        if plan.deviceRestored { return plan.response(with: [], end: plan.start) }
        let settled = try Self.settledSequence(db, userID: userID, lastSequence: newest, now: now, horizon: horizon)
        if plan.byItem {
            return try Self.pullByItem(db, plan, limit: limit, excludingDevice: excludingDevice, settled: settled, userID: userID)
        }
        // A timestamp ends with "-" and the device id of the change (`HLCTimestamp`).
        // (But a change stored again for a device that rejoined: `RejoinRules`.)
        let notExcluded = "(?1 IS NULL OR restored OR substr(timestamp, -length(?1) - 1) != '-' || ?1)"
        let entries = try Row.fetchAll(
            db,
            sql: """
                SELECT sequence, transactionEnd, coalesce(length(CAST(value AS BLOB)), 0) AS bytes FROM serverChange
                WHERE userID = ?2 AND sequence > ?3 AND \(notExcluded) ORDER BY sequence LIMIT ?4
                """,
            arguments: [excludingDevice, userID, plan.start, max(1, limit)]
        ).map { PageBoundary.Entry(sequence: $0["sequence"], transactionEnd: $0["transactionEnd"], bytes: $0["bytes"]) }
        let end = plan.end(of: entries)
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT sequence, timestamp, entity, entityID, operation, field, value FROM serverChange
                WHERE userID = ?2 AND sequence > ?3 AND sequence <= ?4 AND \(notExcluded) ORDER BY sequence
                """,
            arguments: [excludingDevice, userID, plan.start, end])
        return plan.response(with: try rows.map(Self.serverChange), end: end, settled: settled)
    }

    package func devices(for user: ServerUser) async throws -> DeviceList {
        try await pool.read { db in
            DeviceList(
                devices: try Row.fetchAll(
                    db, sql: "SELECT deviceID, name FROM device WHERE userID = ? AND pushed ORDER BY deviceID", arguments: [user.id]
                ).map { DeviceList.Device(id: $0["deviceID"], name: $0["name"]) })
        }
    }

    package func digest(for user: ServerUser) async throws -> LibraryDigest {
        try await pool.write { db in
            try Self.refreshStaleShares(db, userID: user.id)
            let newest = try Self.lastSequence(db, userID: user.id)
            return try Self.tally(db, userID: user.id).digest(sequence: newest, current: Self.currentTally(db, userID: user.id))
        }
    }

    /// A user's running digest (`LibraryDigest.Tally` as JSON).
    static func tally(_ db: Database, userID: Int64) throws -> LibraryDigest.Tally {
        try storedTally(db, userID: userID, column: "tally")
    }

    /// A user's running digest of what the items are now (NULL: an empty library).
    static func currentTally(_ db: Database, userID: Int64) throws -> LibraryDigest.Tally {
        try storedTally(db, userID: userID, column: "current")
    }

    private static func storedTally(_ db: Database, userID: Int64, column: StaticString) throws -> LibraryDigest.Tally {
        guard let text = try String.fetchOne(db, sql: "SELECT \(column) FROM digest WHERE userID = ?", arguments: [userID]) else {
            return LibraryDigest.Tally()
        }
        return try JSONDecoder().decode(LibraryDigest.Tally.self, from: Data(text.utf8))
    }

    static func saveTally(_ db: Database, userID: Int64, _ tally: LibraryDigest.Tally) throws {
        try db.execute(
            sql: "INSERT INTO digest(userID, tally) VALUES (?, ?) ON CONFLICT(userID) DO UPDATE SET tally = excluded.tally",
            arguments: [userID, String(decoding: try JSONEncoder().encode(tally), as: UTF8.self)])
    }

    /// Keeps the user's digest of what the items are now (the `current` column; NULL is an
    /// empty library).
    static func saveCurrentTally(_ db: Database, userID: Int64, _ tally: LibraryDigest.Tally) throws {
        let empty = String(decoding: try JSONEncoder().encode(LibraryDigest.Tally()), as: UTF8.self)
        try db.execute(
            sql: "INSERT INTO digest(userID, tally, current) VALUES (?, ?, ?) ON CONFLICT(userID) DO UPDATE SET current = excluded.current",
            arguments: [userID, empty, String(decoding: try JSONEncoder().encode(tally), as: UTF8.self)])
    }

    /// The last sequence the user's log gave (kept on its own: compaction may delete the
    /// change that had it, and a number is never given twice).
    static func lastSequence(_ db: Database, userID: Int64) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT lastSequence FROM user WHERE id = ?", arguments: [userID]) ?? 0
    }

    /// A stored change, from a row of `serverChange`.
    static func serverChange(_ row: Row) throws -> ServerChange {
        guard let entity = Change.Entity(rawValue: row["entity"]), let operation = Change.Operation(rawValue: row["operation"]),
            let timestamp = HLCTimestamp(row["timestamp"])
        else { throw ServerError.internalFailure("a stored change cannot be read (sequence \(row["sequence"] as Int64))") }
        return ServerChange(
            sequence: row["sequence"],
            change: Change(
                entity: entity, entityID: row["entityID"], operation: operation, field: row["field"], value: row["value"],
                timestamp: timestamp))
    }

    static func epoch(_ db: Database) throws -> String {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'epoch'") ?? ""
    }
}
