import Foundation
import Logging
import Models
import PostgresNIO
import ServiceLifecycle

/// The PostgreSQL store of `folio-server`, for deployments where several server processes
/// share one database.
///
/// A push locks its user's row (`SELECT … FOR UPDATE`) for the length of its transaction and
/// takes sequence numbers from it, so one user's pushes commit one after the other, in
/// sequence order: a pull (`sequence > cursor`) can never see a later number before an
/// earlier one has committed, and so never skips a change, whichever server process answers.
package final class PostgresRepository: SyncRepository {
    let client: PostgresClient
    let logger: Logger

    /// The connection pool, run by the application's service group.
    package var services: [any Service] { [client] }

    package init(url: String, logger: Logger) throws(ServerError) {
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

    /// Brings the database's schema up to date: the migrations of `PostgresMigrations` not
    /// yet recorded in `folio_migration` run in order, under an advisory lock (several servers
    /// may start at once), all in one transaction.
    package func prepare() async throws {
        let logger = self.logger
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(4242001)", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS folio_migration (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                logger: logger)
            var applied = Set<String>()
            for try await name in try await connection.query("SELECT name FROM folio_migration", logger: logger).decode(String.self) {
                applied.insert(name)
            }
            for migration in PostgresMigrations.all where !applied.contains(migration.name) {
                try await migration.run(connection, logger)
                try await connection.query("INSERT INTO folio_migration(name) VALUES (\(migration.name))", logger: logger)
            }
        }
    }

    package func addUser(name: String) async throws -> String {
        try SQLiteRepository.validate(name: name)
        let token = try Tokens.make()
        let hash = Tokens.hash(token)
        let existing = try await client.query("SELECT 1 FROM folio_user WHERE name = \(name)", logger: logger)
        for try await _ in existing { throw ServerError.userExists(name) }
        try await client.query("INSERT INTO folio_user(name, token_hash) VALUES (\(name), \(hash))", logger: logger)
        return token
    }

    package func users() async throws -> [ServerUser] {
        var users: [ServerUser] = []
        for try await (id, name) in try await client.query("SELECT id, name FROM folio_user ORDER BY name", logger: logger).decode(
            (Int64, String).self)
        {
            users.append(ServerUser(id: id, name: name))
        }
        return users
    }

    package func rotateToken(name: String) async throws -> String {
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

    package func removeUser(name: String) async throws {
        var found = false
        for try await _ in try await client.query("DELETE FROM folio_user WHERE name = \(name) RETURNING id", logger: logger) {
            found = true
        }
        guard found else { throw ServerError.noSuchUser(name) }
    }

    package func user(token: String) async throws -> ServerUser? {
        let hash = Tokens.hash(token)
        for try await (id, name, stored) in try await client.query(
            "SELECT id, name, token_hash FROM folio_user WHERE token_hash = \(hash)", logger: logger
        ).decode((Int64, String, Data).self) where Tokens.equal(stored, hash) {
            return ServerUser(id: id, name: name)
        }
        return nil
    }

    package func push(_ request: PushRequest, for user: ServerUser) async throws -> PushResponse {
        let logger = self.logger
        let now = Date()
        return try await client.withTransaction(logger: logger) { connection -> PushResponse in
            let plan = SyncRules.planPush(request, inputs: try await Self.pushInputs(connection, request, user: user, logger), now: now)
            if plan.response.epochChanged { try await Self.noteLostData(connection, userID: user.id, now: now, logger) }
            guard let writes = plan.writes else { return plan.response }
            for insert in writes.inserts {
                let change = insert.change
                try await connection.query(
                    """
                    INSERT INTO folio_change(user_id, sequence, timestamp, entity, entity_id, operation, field, value, transaction_end)
                    VALUES (\(user.id), \(insert.sequence), \(change.timestamp.description), \(change.entity.rawValue), \(change.entityID),
                            \(change.operation.rawValue), \(change.field), \(change.value), \(writes.transactionEnd))
                    """, logger: logger)
            }
            for rejection in writes.rejections {
                try await connection.query(
                    """
                    INSERT INTO folio_rejection(user_id, device_id, device_sequence, reason)
                    VALUES (\(user.id), \(request.deviceID), \(rejection.deviceSequence), \(rejection.reason))
                    ON CONFLICT (user_id, device_id, device_sequence) DO UPDATE SET reason = excluded.reason
                    """, logger: logger)
            }
            if !writes.inserts.isEmpty {
                var total = try await Self.tally(connection, userID: user.id, logger)
                total.add(writes.tally)
                try await Self.saveTally(connection, userID: user.id, total, logger)
                try await connection.query(
                    "UPDATE folio_user SET last_sequence = \(writes.transactionEnd) WHERE id = \(user.id)", logger: logger)
                try await Self.noteChanged(connection, items: writes.items, userID: user.id, logger)
                try await Self.noteLastSequences(connection, of: writes.inserts, userID: user.id, logger)
                try await Self.askDevicesBack(connection, after: writes.inserts, userID: user.id, logger)
            }
            try await connection.query(
                """
                INSERT INTO folio_device(user_id, device_id, last_processed, name, last_seen, pushed)
                VALUES (\(user.id), \(request.deviceID), \(writes.lastProcessed), \(request.deviceName), \(now.timeIntervalSince1970), TRUE)
                ON CONFLICT (user_id, device_id) DO UPDATE
                SET last_processed = excluded.last_processed, name = coalesce(excluded.name, folio_device.name),
                    last_seen = excluded.last_seen, pushed = TRUE
                """, logger: logger)
            return plan.response
        }
    }

    /// What `SyncRules.planPush` needs, read in the push's transaction after locking the
    /// user's row (`SELECT … FOR UPDATE`: this user's pushes take turns): the log's end, the
    /// device's last processed sequence, the refusals of the sequences it sends again, and
    /// which of its timestamps are stored (one query).
    static func pushInputs(_ connection: PostgresConnection, _ request: PushRequest, user: ServerUser, _ logger: Logger) async throws
        -> PushInputs
    {
        let epoch = try await Self.epoch(connection, logger)
        var lastSequence: Int64 = 0
        for try await value in try await connection.query(
            "SELECT last_sequence FROM folio_user WHERE id = \(user.id) FOR UPDATE", logger: logger
        ).decode(Int64.self) {
            lastSequence = value
        }
        let lastProcessed = try await Self.lastProcessed(connection, userID: user.id, device: request.deviceID, logger)
        var rejections: [Int64: String] = [:]
        let again = SyncRules.processedSequences(of: request, lastProcessed: lastProcessed)
        if let low = again.min(), let high = again.max() {
            for try await (sequence, reason) in try await connection.query(
                """
                SELECT device_sequence, reason FROM folio_rejection
                WHERE user_id = \(user.id) AND device_id = \(request.deviceID) AND device_sequence BETWEEN \(low) AND \(high)
                """, logger: logger
            ).decode((Int64, String).self) {
                rejections[sequence] = reason
            }
        }
        var stored = Set<HLCTimestamp>()
        let timestamps = request.mutations.map(\.change.timestamp.description)
        if !timestamps.isEmpty {
            for try await text in try await connection.query(
                """
                SELECT timestamp FROM folio_change WHERE user_id = \(user.id) AND timestamp = ANY(\(timestamps))
                UNION ALL
                SELECT timestamp FROM folio_compacted_change WHERE user_id = \(user.id) AND timestamp = ANY(\(timestamps))
                """, logger: logger
            ).decode(String.self) {
                if let timestamp = HLCTimestamp(text) { stored.insert(timestamp) }
            }
            stored.formUnion(
                try await Self.compactedClocks(connection, among: request.mutations.map(\.change.timestamp), userID: user.id, logger))
        }
        return PushInputs(epoch: epoch, lastProcessed: lastProcessed, rejections: rejections, storedTimestamps: stored, lastSequence: lastSequence)
    }

    package func pull(
        after cursor: String?, limit: Int, excludingDevice: String?, deviceSequence: Int64?, order: PullOrder, horizon: TimeInterval,
        for user: ServerUser
    ) async throws -> PullResponse {
        let logger = self.logger
        let now = Date()
        if let excludingDevice {
            try await recordPull(after: cursor, device: excludingDevice, deviceSequence: deviceSequence, for: user)
            try await noteSettled(now: now, horizon: horizon, for: user)
        }
        var page = try await client.withTransaction(logger: logger) { connection -> PullResponse in
            // One snapshot for the whole page: a page by item reads each item's last change
            // against the same `newest` (a push committed between two reads could otherwise
            // move an item past the end of the pull that it was before).
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            let epoch = try await Self.epoch(connection, logger)
            let newest = try await Self.lastSequence(connection, userID: user.id, logger)
            var lastProcessed: Int64 = 0
            if let excludingDevice, deviceSequence != nil {
                lastProcessed = try await Self.lastProcessed(connection, userID: user.id, device: excludingDevice, logger)
            }
            let plan = SyncRules.planPull(
                after: cursor, epoch: epoch, newest: newest, deviceSequence: deviceSequence,
                lastProcessed: lastProcessed, order: order)
            if plan.deviceRestored { return plan.response(with: [], end: plan.start) }
            let settled = try await Self.settledSequence(connection, userID: user.id, lastSequence: newest, now: now, horizon: horizon, logger)
            if plan.byItem {
                return try await Self.pullByItem(
                    connection, plan, limit: limit, excludingDevice: excludingDevice, settled: settled, userID: user.id, logger)
            }
            // A timestamp ends with "-" and the device id of the change (`HLCTimestamp`).
            let ownSuffix = excludingDevice.map { "-" + $0 } ?? ""
            var entries: [PageBoundary.Entry] = []
            for try await (sequence, transactionEnd, bytes) in try await connection.query(
                """
                SELECT sequence, transaction_end, coalesce(octet_length(value), 0)::BIGINT FROM folio_change
                WHERE user_id = \(user.id) AND sequence > \(plan.start) AND sequence <= \(newest)
                  AND (\(ownSuffix) = '' OR restored OR right(timestamp, length(\(ownSuffix))) <> \(ownSuffix))
                ORDER BY sequence LIMIT \(Int64(limit))
                """, logger: logger
            ).decode((Int64, Int64?, Int64).self) {
                entries.append(PageBoundary.Entry(sequence: sequence, transactionEnd: transactionEnd, bytes: Int(bytes)))
            }
            let end = plan.end(of: entries)
            let rows = try await connection.query(
                """
                SELECT sequence, timestamp, entity, entity_id, operation, field, value FROM folio_change
                WHERE user_id = \(user.id) AND sequence > \(plan.start) AND sequence <= \(end)
                  AND (\(ownSuffix) = '' OR restored OR right(timestamp, length(\(ownSuffix))) <> \(ownSuffix))
                ORDER BY sequence
                """, logger: logger)
            return plan.response(with: try await Self.serverChanges(rows), end: end, settled: settled)
        }
        if let excludingDevice, page.deviceRestored != true,
            try await client.withConnection({ try await Self.mustRejoin($0, device: excludingDevice, userID: user.id, logger) })
        {
            page.rejoin = true
        }
        return page
    }

    package func devices(for user: ServerUser) async throws -> DeviceList {
        var devices: [DeviceList.Device] = []
        for try await (id, name) in try await client.query(
            "SELECT device_id, name FROM folio_device WHERE user_id = \(user.id) AND pushed ORDER BY device_id", logger: logger
        ).decode((String, String?).self) {
            devices.append(DeviceList.Device(id: id, name: name))
        }
        return DeviceList(devices: devices)
    }

    package func digest(for user: ServerUser) async throws -> LibraryDigest {
        let logger = self.logger
        return try await client.withTransaction(logger: logger) { connection -> LibraryDigest in
            // The user's row lock, as pushes take it: the digest and the newest sequence come
            // from the same push, and the shares pushes made stale are refreshed first.
            var newest: Int64 = 0
            for try await value in try await connection.query(
                "SELECT last_sequence FROM folio_user WHERE id = \(user.id) FOR UPDATE", logger: logger
            ).decode(Int64.self) {
                newest = value
            }
            try await Self.refreshStaleShares(connection, userID: user.id, logger)
            return try await Self.tally(connection, userID: user.id, logger).digest(
                sequence: newest, current: try await Self.currentTally(connection, userID: user.id, logger))
        }
    }

    /// The last sequence the user's log gave (kept on its own: compaction may delete the
    /// change that had it, and a number is never given twice).
    static func lastSequence(_ connection: PostgresConnection, userID: Int64, _ logger: Logger) async throws -> Int64 {
        for try await value in try await connection.query("SELECT last_sequence FROM folio_user WHERE id = \(userID)", logger: logger)
            .decode(Int64.self)
        {
            return value
        }
        return 0
    }

    /// The highest device sequence processed from `device` (0 for a device never seen).
    static func lastProcessed(_ connection: PostgresConnection, userID: Int64, device: String, _ logger: Logger) async throws -> Int64 {
        for try await value in try await connection.query(
            "SELECT last_processed FROM folio_device WHERE user_id = \(userID) AND device_id = \(device)", logger: logger
        ).decode(Int64.self) {
            return value
        }
        return 0
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

    /// A user's running digest of what the items are now (NULL: an empty library).
    static func currentTally(_ connection: PostgresConnection, userID: Int64, _ logger: Logger) async throws -> LibraryDigest.Tally {
        for try await text in try await connection.query("SELECT current FROM folio_digest WHERE user_id = \(userID)", logger: logger)
            .decode(String?.self)
        {
            guard let text else { break }
            return try JSONDecoder().decode(LibraryDigest.Tally.self, from: Data(text.utf8))
        }
        return LibraryDigest.Tally()
    }

    static func saveCurrentTally(_ connection: PostgresConnection, userID: Int64, _ tally: LibraryDigest.Tally, _ logger: Logger) async throws {
        let text = String(decoding: try JSONEncoder().encode(tally), as: UTF8.self)
        let empty = String(decoding: try JSONEncoder().encode(LibraryDigest.Tally()), as: UTF8.self)
        try await connection.query(
            """
            INSERT INTO folio_digest(user_id, tally, current) VALUES (\(userID), \(empty), \(text))
            ON CONFLICT (user_id) DO UPDATE SET current = excluded.current
            """, logger: logger)
    }

    /// The changes of a query's rows (sequence, timestamp, entity, entity_id, operation,
    /// field, value).
    static func serverChanges(_ rows: PostgresRowSequence) async throws -> [ServerChange] {
        var changes: [ServerChange] = []
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
        return changes
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
