import Foundation
import GRDB
import Models

/// The embedded store of `folio-server`: one SQLite file in WAL mode in the data folder.
/// SQLite has one writer at a time, so sequence numbers commit in order and a pull can never
/// skip a change.
final class SQLiteRepository: SyncRepository {
    let pool: DatabasePool

    init(path: String) throws(ServerError) {
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
        return migrator
    }

    static func validate(name: String) throws(ServerError) {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: ".-_"))
        guard !name.isEmpty, name.count <= 64, name.unicodeScalars.allSatisfy(allowed.contains) else { throw .invalidName(name) }
    }

    func addUser(name: String) async throws -> String {
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

    func users() async throws -> [ServerUser] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name FROM user ORDER BY name").map { ServerUser(id: $0["id"], name: $0["name"]) }
        }
    }

    func rotateToken(name: String) async throws -> String {
        let token = try Tokens.make()
        try await pool.write { db in
            try db.execute(sql: "UPDATE user SET tokenHash = ? WHERE name = ?", arguments: [Tokens.hash(token), name])
            guard db.changesCount == 1 else { throw ServerError.noSuchUser(name) }
        }
        return token
    }

    func removeUser(name: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM user WHERE name = ?", arguments: [name])
            guard db.changesCount == 1 else { throw ServerError.noSuchUser(name) }
        }
    }

    func user(token: String) async throws -> ServerUser? {
        let hash = Tokens.hash(token)
        return try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, name, tokenHash FROM user WHERE tokenHash = ?", arguments: [hash]),
                Tokens.equal(row["tokenHash"], hash)
            else { return nil }
            return ServerUser(id: row["id"], name: row["name"])
        }
    }

    func push(_ request: PushRequest, for user: ServerUser) async throws -> PushResponse {
        try await pool.write { db in
            let epoch = try Self.epoch(db)
            if let known = request.knownEpoch, known != epoch { return PushResponse(results: [], epoch: epoch, epochChanged: true) }
            var last =
                try Int64.fetchOne(
                    db, sql: "SELECT lastProcessed FROM device WHERE userID = ? AND deviceID = ?", arguments: [user.id, request.deviceID]) ?? 0
            // Sequences already processed must name the same changes (refused before, or
            // stored): otherwise the device was restored from an older copy of its store. The
            // reasons of earlier refusals are the answers for those sequences below.
            var reasons: [Int64: String] = [:]
            for mutation in request.mutations where mutation.deviceSequence <= last {
                if let reason = try String.fetchOne(
                    db, sql: "SELECT reason FROM rejection WHERE userID = ? AND deviceID = ? AND deviceSequence = ?",
                    arguments: [user.id, request.deviceID, mutation.deviceSequence])
                {
                    reasons[mutation.deviceSequence] = reason
                    continue
                }
                let stored =
                    try Bool.fetchOne(
                        db, sql: "SELECT 1 FROM serverChange WHERE userID = ? AND timestamp = ?",
                        arguments: [user.id, mutation.change.timestamp.description]) ?? false
                if !stored { return PushResponse(results: [], epoch: epoch, deviceRestored: true) }
            }
            var next = try Int64.fetchOne(db, sql: "SELECT max(sequence) FROM serverChange WHERE userID = ?", arguments: [user.id]) ?? 0
            let first = next + 1
            var tally = LibraryDigest.Tally()
            var results: [MutationResult] = []
            for mutation in request.mutations {
                if mutation.deviceSequence <= last {
                    let reason = reasons[mutation.deviceSequence]
                    results.append(
                        MutationResult(deviceSequence: mutation.deviceSequence, status: reason == nil ? .duplicate : .rejected, reason: reason))
                    continue
                }
                last = mutation.deviceSequence
                if let reason = SyncLog.problem(with: mutation.change, now: Date()) {
                    try db.execute(
                        sql: "INSERT INTO rejection(userID, deviceID, deviceSequence, reason) VALUES (?, ?, ?, ?)",
                        arguments: [user.id, request.deviceID, mutation.deviceSequence, reason])
                    results.append(MutationResult(deviceSequence: mutation.deviceSequence, status: .rejected, reason: reason))
                    continue
                }
                let change = mutation.change
                let stored = try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM serverChange WHERE userID = ? AND timestamp = ?",
                    arguments: [user.id, change.timestamp.description])
                if stored == true {
                    results.append(MutationResult(deviceSequence: mutation.deviceSequence, status: .duplicate))
                    continue
                }
                next += 1
                try db.execute(
                    sql: """
                        INSERT INTO serverChange(userID, sequence, timestamp, entity, entityID, operation, field, value)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        user.id, next, change.timestamp.description, change.entity.rawValue, change.entityID, change.operation.rawValue,
                        change.field, change.value,
                    ])
                results.append(MutationResult(deviceSequence: mutation.deviceSequence, status: .applied))
                tally.add(entity: change.entity, id: change.entityID, timestamp: change.timestamp.description)
            }
            try db.execute(
                sql: "UPDATE serverChange SET transactionEnd = ? WHERE userID = ? AND sequence BETWEEN ? AND ?",
                arguments: [next, user.id, first, next])
            if next >= first {
                var total = try Self.tally(db, userID: user.id)
                total.add(tally)
                try Self.saveTally(db, userID: user.id, total)
            }
            try db.execute(
                sql: """
                    INSERT INTO device(userID, deviceID, lastProcessed, name) VALUES (?, ?, ?, ?)
                    ON CONFLICT(userID, deviceID) DO UPDATE
                    SET lastProcessed = excluded.lastProcessed, name = coalesce(excluded.name, device.name)
                    """,
                arguments: [user.id, request.deviceID, last, request.deviceName])
            return PushResponse(results: results, epoch: epoch)
        }
    }

    func pull(after cursor: String?, limit: Int, excludingDevice: String?, for user: ServerUser) async throws -> PullResponse {
        try await pool.read { db in
            let epoch = try Self.epoch(db)
            let newest = try Int64.fetchOne(db, sql: "SELECT max(sequence) FROM serverChange WHERE userID = ?", arguments: [user.id]) ?? 0
            var start: Int64 = 0
            var epochChanged = false
            if let cursor {
                if let parsed = SyncCursor(token: cursor), parsed.epoch == epoch, parsed.sequence <= newest {
                    start = parsed.sequence
                } else {
                    epochChanged = true
                }
            }
            // A timestamp ends with "-" and the device id of the change (`HLCTimestamp`).
            let notExcluded = "(?1 IS NULL OR substr(timestamp, -length(?1) - 1) != '-' || ?1)"
            let entries = try Row.fetchAll(
                db,
                sql: """
                    SELECT sequence, transactionEnd, coalesce(length(CAST(value AS BLOB)), 0) AS bytes FROM serverChange
                    WHERE userID = ?2 AND sequence > ?3 AND \(notExcluded) ORDER BY sequence LIMIT ?4
                    """,
                arguments: [excludingDevice, user.id, start, max(1, limit)]
            ).map { PageBoundary.Entry(sequence: $0["sequence"], transactionEnd: $0["transactionEnd"], bytes: $0["bytes"]) }
            // With nothing left but the asking device's own changes, the cursor moves past them.
            let pageEnd = PageBoundary.end(of: entries) ?? newest
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT sequence, timestamp, entity, entityID, operation, field, value FROM serverChange
                    WHERE userID = ?2 AND sequence > ?3 AND sequence <= ?4 AND \(notExcluded) ORDER BY sequence
                    """,
                arguments: [excludingDevice, user.id, start, pageEnd])
            let changes = try rows.map { row -> ServerChange in
                guard let entity = Change.Entity(rawValue: row["entity"]), let operation = Change.Operation(rawValue: row["operation"]),
                    let timestamp = HLCTimestamp(row["timestamp"])
                else { throw ServerError.internalFailure("a stored change cannot be read (sequence \(row["sequence"] as Int64))") }
                return ServerChange(
                    sequence: row["sequence"],
                    change: Change(
                        entity: entity, entityID: row["entityID"], operation: operation, field: row["field"], value: row["value"],
                        timestamp: timestamp))
            }
            return PullResponse(
                changes: changes, cursor: SyncCursor(epoch: epoch, sequence: max(start, pageEnd)).token, hasMore: pageEnd < newest,
                epochChanged: epochChanged)
        }
    }

    func lastProcessed(device: String, for user: ServerUser) async throws -> Int64 {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT lastProcessed FROM device WHERE userID = ? AND deviceID = ?", arguments: [user.id, device]) ?? 0
        }
    }

    func devices(for user: ServerUser) async throws -> DeviceList {
        try await pool.read { db in
            DeviceList(
                devices: try Row.fetchAll(
                    db, sql: "SELECT deviceID, name FROM device WHERE userID = ? ORDER BY deviceID", arguments: [user.id]
                ).map { DeviceList.Device(id: $0["deviceID"], name: $0["name"]) })
        }
    }

    func digest(for user: ServerUser) async throws -> LibraryDigest {
        try await pool.read { db in
            let newest = try Int64.fetchOne(db, sql: "SELECT max(sequence) FROM serverChange WHERE userID = ?", arguments: [user.id]) ?? 0
            return try Self.tally(db, userID: user.id).digest(sequence: newest)
        }
    }

    /// A user's running digest (`LibraryDigest.Tally` as JSON).
    static func tally(_ db: Database, userID: Int64) throws -> LibraryDigest.Tally {
        guard let text = try String.fetchOne(db, sql: "SELECT tally FROM digest WHERE userID = ?", arguments: [userID]) else {
            return LibraryDigest.Tally()
        }
        return try JSONDecoder().decode(LibraryDigest.Tally.self, from: Data(text.utf8))
    }

    static func saveTally(_ db: Database, userID: Int64, _ tally: LibraryDigest.Tally) throws {
        try db.execute(
            sql: "INSERT INTO digest(userID, tally) VALUES (?, ?) ON CONFLICT(userID) DO UPDATE SET tally = excluded.tally",
            arguments: [userID, String(decoding: try JSONEncoder().encode(tally), as: UTF8.self)])
    }

    static func epoch(_ db: Database) throws -> String {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'epoch'") ?? ""
    }
}
