import Foundation
import Logging
import Models
import PostgresNIO

/// The PostgreSQL store of `folio-server`, for deployments where several server processes
/// share one database.
///
/// A push locks its user's row (`SELECT … FOR UPDATE`) for the length of its transaction and
/// takes sequence numbers from it, so one user's pushes commit one after the other, in
/// sequence order: a pull (`sequence > cursor`) can never see a later number before an
/// earlier one has committed, and so never skips a change, whichever server process answers.
final class PostgresRepository: SyncRepository {
    let client: PostgresClient
    let logger: Logger

    init(url: String, logger: Logger) throws(ServerError) {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
            let host = components.host, !host.isEmpty
        else { throw .cannotOpen("\(url) is not a PostgreSQL URL (postgres://user:password@host:port/database)") }
        if components.queryItems?.contains(where: { $0.name == "sslmode" && $0.value != "disable" }) == true {
            throw .cannotOpen("TLS to PostgreSQL is not supported yet: use sslmode=disable on a trusted network")
        }
        let configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres", password: components.password,
            database: components.path.isEmpty ? nil : String(components.path.dropFirst()), tls: .disable)
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
    }

    /// Creates the tables when missing (under an advisory lock, as several servers may start
    /// at once).
    func prepare() async throws {
        let epoch = EntityID.make()
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(4242001)", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS folio_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)
                """, logger: logger)
            try await connection.query(
                "INSERT INTO folio_meta(key, value) VALUES ('epoch', \(epoch)) ON CONFLICT (key) DO NOTHING", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS folio_user (
                    id BIGSERIAL PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    token_hash BYTEA NOT NULL UNIQUE,
                    last_sequence BIGINT NOT NULL DEFAULT 0
                )
                """, logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS folio_change (
                    user_id BIGINT NOT NULL REFERENCES folio_user(id) ON DELETE CASCADE,
                    sequence BIGINT NOT NULL,
                    timestamp TEXT NOT NULL,
                    entity TEXT NOT NULL,
                    entity_id TEXT NOT NULL,
                    operation TEXT NOT NULL,
                    field TEXT,
                    value TEXT,
                    PRIMARY KEY (user_id, sequence)
                )
                """, logger: logger)
            // The last sequence of the push transaction that stored each change (pull pages
            // end on transaction boundaries).
            try await connection.query("ALTER TABLE folio_change ADD COLUMN IF NOT EXISTS transaction_end BIGINT", logger: logger)
            // Each user's running digest of the log (`LibraryDigest`), kept by every push;
            // counted once from the log when the table is new.
            var hasDigests = false
            for try await exists in try await connection.query("SELECT to_regclass('folio_digest') IS NOT NULL", logger: logger)
                .decode(Bool.self)
            {
                hasDigests = exists
            }
            if !hasDigests {
                try await connection.query(
                    """
                    CREATE TABLE folio_digest (
                        user_id BIGINT PRIMARY KEY REFERENCES folio_user(id) ON DELETE CASCADE,
                        tally TEXT NOT NULL
                    )
                    """, logger: logger)
                var tallies: [Int64: LibraryDigest.Tally] = [:]
                for try await (userID, entity, id, timestamp) in try await connection.query(
                    "SELECT user_id, entity, entity_id, timestamp FROM folio_change", logger: logger
                ).decode((Int64, String, String, String).self) {
                    guard let kind = Change.Entity(rawValue: entity) else { continue }
                    tallies[userID, default: LibraryDigest.Tally()].add(entity: kind, id: id, timestamp: timestamp)
                }
                for (userID, tally) in tallies { try await Self.saveTally(connection, userID: userID, tally, logger) }
            }
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS folio_device (
                    user_id BIGINT NOT NULL REFERENCES folio_user(id) ON DELETE CASCADE,
                    device_id TEXT NOT NULL,
                    last_processed BIGINT NOT NULL,
                    PRIMARY KEY (user_id, device_id)
                )
                """, logger: logger)
            // What each device calls itself (`PushRequest.deviceName`), for `GET /v1/devices`.
            try await connection.query("ALTER TABLE folio_device ADD COLUMN IF NOT EXISTS name TEXT", logger: logger)
            // One row per clock timestamp and user; a log that older versions let hold a
            // timestamp twice keeps those rows under a plain index (pushes check it anyway).
            // (The scan for doubles runs once: only while neither index exists.)
            var indexed = false
            for try await _ in try await connection.query(
                "SELECT 1 FROM pg_indexes WHERE indexname IN ('folio_change_timestamp', 'folio_change_timestamp_plain')", logger: logger
            ) {
                indexed = true
            }
            var twice = false
            if !indexed {
                for try await _ in try await connection.query(
                    "SELECT 1 FROM folio_change GROUP BY user_id, timestamp HAVING count(*) > 1 LIMIT 1", logger: logger
                ) {
                    twice = true
                }
            }
            if indexed {
                // Already there.
            } else if twice {
                try await connection.query(
                    "CREATE INDEX IF NOT EXISTS folio_change_timestamp_plain ON folio_change(user_id, timestamp)", logger: logger)
            } else {
                try await connection.query(
                    "CREATE UNIQUE INDEX IF NOT EXISTS folio_change_timestamp ON folio_change(user_id, timestamp)", logger: logger)
            }
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS folio_rejection (
                    user_id BIGINT NOT NULL REFERENCES folio_user(id) ON DELETE CASCADE,
                    device_id TEXT NOT NULL,
                    device_sequence BIGINT NOT NULL,
                    reason TEXT NOT NULL,
                    PRIMARY KEY (user_id, device_id, device_sequence)
                )
                """, logger: logger)
        }
    }

    func addUser(name: String) async throws -> String {
        try SQLiteRepository.validate(name: name)
        let token = try Tokens.make()
        let hash = Tokens.hash(token)
        let existing = try await client.query("SELECT 1 FROM folio_user WHERE name = \(name)", logger: logger)
        for try await _ in existing { throw ServerError.userExists(name) }
        try await client.query("INSERT INTO folio_user(name, token_hash) VALUES (\(name), \(hash))", logger: logger)
        return token
    }

    func users() async throws -> [ServerUser] {
        var users: [ServerUser] = []
        for try await (id, name) in try await client.query("SELECT id, name FROM folio_user ORDER BY name", logger: logger).decode(
            (Int64, String).self)
        {
            users.append(ServerUser(id: id, name: name))
        }
        return users
    }

    func rotateToken(name: String) async throws -> String {
        let token = try Tokens.make()
        let hash = Tokens.hash(token)
        var found = false
        for try await _ in try await client.query(
            "UPDATE folio_user SET token_hash = \(hash) WHERE name = \(name) RETURNING id", logger: logger)
        {
            found = true
        }
        guard found else { throw ServerError.noSuchUser(name) }
        return token
    }

    func removeUser(name: String) async throws {
        var found = false
        for try await _ in try await client.query("DELETE FROM folio_user WHERE name = \(name) RETURNING id", logger: logger) {
            found = true
        }
        guard found else { throw ServerError.noSuchUser(name) }
    }

    func user(token: String) async throws -> ServerUser? {
        let hash = Tokens.hash(token)
        for try await (id, name, stored) in try await client.query(
            "SELECT id, name, token_hash FROM folio_user WHERE token_hash = \(hash)", logger: logger
        ).decode((Int64, String, Data).self) where Tokens.equal(stored, hash) {
            return ServerUser(id: id, name: name)
        }
        return nil
    }

    func push(_ request: PushRequest, for user: ServerUser) async throws -> PushResponse {
        let logger = self.logger
        return try await client.withTransaction(logger: logger) { connection -> PushResponse in
            let epoch = try await Self.epoch(connection, logger)
            // Locks the user's row until commit: this user's pushes take turns.
            var next: Int64 = 0
            for try await value in try await connection.query(
                "SELECT last_sequence FROM folio_user WHERE id = \(user.id) FOR UPDATE", logger: logger
            ).decode(Int64.self) {
                next = value
            }
            if let known = request.knownEpoch, known != epoch { return PushResponse(results: [], epoch: epoch, epochChanged: true) }
            var last: Int64 = 0
            for try await value in try await connection.query(
                "SELECT last_processed FROM folio_device WHERE user_id = \(user.id) AND device_id = \(request.deviceID)", logger: logger
            ).decode(Int64.self) {
                last = value
            }
            // Sequences already processed must name the same changes (refused before, or
            // stored): otherwise the device was restored from an older copy of its store. The
            // reasons of earlier refusals are the answers for those sequences below.
            var reasons: [Int64: String] = [:]
            for mutation in request.mutations where mutation.deviceSequence <= last {
                for try await reason in try await connection.query(
                    """
                    SELECT reason FROM folio_rejection
                    WHERE user_id = \(user.id) AND device_id = \(request.deviceID) AND device_sequence = \(mutation.deviceSequence)
                    """, logger: logger
                ).decode(String.self) {
                    reasons[mutation.deviceSequence] = reason
                }
                if reasons[mutation.deviceSequence] != nil { continue }
                var stored = false
                for try await _ in try await connection.query(
                    "SELECT 1 FROM folio_change WHERE user_id = \(user.id) AND timestamp = \(mutation.change.timestamp.description)",
                    logger: logger
                ) {
                    stored = true
                }
                if !stored { return PushResponse(results: [], epoch: epoch, deviceRestored: true) }
            }
            let first = next + 1
            var tally = LibraryDigest.Tally()
            var results: [MutationResult] = []
            for mutation in request.mutations {
                let sequence = mutation.deviceSequence
                if sequence <= last {
                    let reason = reasons[sequence]
                    results.append(MutationResult(deviceSequence: sequence, status: reason == nil ? .duplicate : .rejected, reason: reason))
                    continue
                }
                last = sequence
                if let reason = SyncLog.problem(with: mutation.change, now: Date()) {
                    try await connection.query(
                        """
                        INSERT INTO folio_rejection(user_id, device_id, device_sequence, reason)
                        VALUES (\(user.id), \(request.deviceID), \(sequence), \(reason))
                        """, logger: logger)
                    results.append(MutationResult(deviceSequence: sequence, status: .rejected, reason: reason))
                    continue
                }
                let change = mutation.change
                // One row per clock timestamp: the same change again is a duplicate.
                var stored = false
                for try await _ in try await connection.query(
                    "SELECT 1 FROM folio_change WHERE user_id = \(user.id) AND timestamp = \(change.timestamp.description)", logger: logger
                ) {
                    stored = true
                }
                if stored {
                    results.append(MutationResult(deviceSequence: sequence, status: .duplicate))
                    continue
                }
                next += 1
                try await connection.query(
                    """
                    INSERT INTO folio_change(user_id, sequence, timestamp, entity, entity_id, operation, field, value)
                    VALUES (\(user.id), \(next), \(change.timestamp.description), \(change.entity.rawValue), \(change.entityID),
                            \(change.operation.rawValue), \(change.field), \(change.value))
                    """, logger: logger)
                results.append(MutationResult(deviceSequence: sequence, status: .applied))
                tally.add(entity: change.entity, id: change.entityID, timestamp: change.timestamp.description)
            }
            if next >= first {
                var total = try await Self.tally(connection, userID: user.id, logger)
                total.add(tally)
                try await Self.saveTally(connection, userID: user.id, total, logger)
            }
            try await connection.query("UPDATE folio_user SET last_sequence = \(next) WHERE id = \(user.id)", logger: logger)
            try await connection.query(
                "UPDATE folio_change SET transaction_end = \(next) WHERE user_id = \(user.id) AND sequence >= \(first) AND sequence <= \(next)",
                logger: logger)
            try await connection.query(
                """
                INSERT INTO folio_device(user_id, device_id, last_processed, name)
                VALUES (\(user.id), \(request.deviceID), \(last), \(request.deviceName))
                ON CONFLICT (user_id, device_id) DO UPDATE
                SET last_processed = excluded.last_processed, name = coalesce(excluded.name, folio_device.name)
                """, logger: logger)
            return PushResponse(results: results, epoch: epoch)
        }
    }

    func pull(after cursor: String?, limit: Int, excludingDevice: String?, for user: ServerUser) async throws -> PullResponse {
        let logger = self.logger
        return try await client.withConnection { connection -> PullResponse in
            let epoch = try await Self.epoch(connection, logger)
            var newest: Int64 = 0
            for try await value in try await connection.query("SELECT last_sequence FROM folio_user WHERE id = \(user.id)", logger: logger)
                .decode(Int64.self)
            {
                newest = value
            }
            // A cursor of this epoch but past the end of the log comes from before a restore
            // of an older backup: like another epoch, the device starts over and re-pushes
            // what the server lost (as `SyncLog` and the SQLite store do).
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
            let ownSuffix = excludingDevice.map { "-" + $0 } ?? ""
            var entries: [PageBoundary.Entry] = []
            for try await (sequence, transactionEnd, bytes) in try await connection.query(
                """
                SELECT sequence, transaction_end, coalesce(octet_length(value), 0)::BIGINT FROM folio_change
                WHERE user_id = \(user.id) AND sequence > \(start) AND sequence <= \(newest)
                  AND (\(ownSuffix) = '' OR right(timestamp, length(\(ownSuffix))) <> \(ownSuffix))
                ORDER BY sequence LIMIT \(Int64(limit))
                """, logger: logger
            ).decode((Int64, Int64?, Int64).self) {
                entries.append(PageBoundary.Entry(sequence: sequence, transactionEnd: transactionEnd, bytes: Int(bytes)))
            }
            // With nothing left but the asking device's own changes, the cursor moves past them.
            let pageEnd = max(start, PageBoundary.end(of: entries) ?? newest)
            var changes: [ServerChange] = []
            let rows = try await connection.query(
                """
                SELECT sequence, timestamp, entity, entity_id, operation, field, value FROM folio_change
                WHERE user_id = \(user.id) AND sequence > \(start) AND sequence <= \(pageEnd)
                  AND (\(ownSuffix) = '' OR right(timestamp, length(\(ownSuffix))) <> \(ownSuffix))
                ORDER BY sequence
                """, logger: logger)
            for try await (sequence, timestamp, entity, entityID, operation, field, value) in rows.decode(
                (Int64, String, String, String, String, String?, String?).self)
            {
                guard let entity = Change.Entity(rawValue: entity), let operation = Change.Operation(rawValue: operation),
                    let timestamp = HLCTimestamp(timestamp)
                else { throw ServerError.internalFailure("a stored change cannot be read (sequence \(sequence))") }
                changes.append(
                    ServerChange(
                        sequence: sequence,
                        change: Change(entity: entity, entityID: entityID, operation: operation, field: field, value: value, timestamp: timestamp)))
            }
            return PullResponse(
                changes: changes, cursor: SyncCursor(epoch: epoch, sequence: pageEnd).token, hasMore: pageEnd < newest,
                epochChanged: epochChanged)
        }
    }

    func lastProcessed(device: String, for user: ServerUser) async throws -> Int64 {
        for try await value in try await client.query(
            "SELECT last_processed FROM folio_device WHERE user_id = \(user.id) AND device_id = \(device)", logger: logger
        ).decode(Int64.self) {
            return value
        }
        return 0
    }

    func devices(for user: ServerUser) async throws -> DeviceList {
        var devices: [DeviceList.Device] = []
        for try await (id, name) in try await client.query(
            "SELECT device_id, name FROM folio_device WHERE user_id = \(user.id) ORDER BY device_id", logger: logger
        ).decode((String, String?).self) {
            devices.append(DeviceList.Device(id: id, name: name))
        }
        return DeviceList(devices: devices)
    }

    func digest(for user: ServerUser) async throws -> LibraryDigest {
        let logger = self.logger
        return try await client.withTransaction(logger: logger) { connection -> LibraryDigest in
            // The user's row lock: the digest and the newest sequence come from the same push.
            var newest: Int64 = 0
            for try await value in try await connection.query(
                "SELECT last_sequence FROM folio_user WHERE id = \(user.id) FOR SHARE", logger: logger
            ).decode(Int64.self) {
                newest = value
            }
            return try await Self.tally(connection, userID: user.id, logger).digest(sequence: newest)
        }
    }

    /// A user's running digest (`LibraryDigest.Tally` as JSON).
    static func tally(_ connection: PostgresConnection, userID: Int64, _ logger: Logger) async throws -> LibraryDigest.Tally {
        for try await text in try await connection.query("SELECT tally FROM folio_digest WHERE user_id = \(userID)", logger: logger)
            .decode(String.self)
        {
            return try JSONDecoder().decode(LibraryDigest.Tally.self, from: Data(text.utf8))
        }
        return LibraryDigest.Tally()
    }

    static func saveTally(_ connection: PostgresConnection, userID: Int64, _ tally: LibraryDigest.Tally, _ logger: Logger) async throws {
        let text = String(decoding: try JSONEncoder().encode(tally), as: UTF8.self)
        try await connection.query(
            """
            INSERT INTO folio_digest(user_id, tally) VALUES (\(userID), \(text))
            ON CONFLICT (user_id) DO UPDATE SET tally = excluded.tally
            """, logger: logger)
    }

    static func epoch(_ connection: PostgresConnection, _ logger: Logger) async throws -> String {
        for try await value in try await connection.query("SELECT value FROM folio_meta WHERE key = 'epoch'", logger: logger).decode(String.self) {
            return value
        }
        throw ServerError.internalFailure("the database has no epoch; was it prepared?")
    }
}
