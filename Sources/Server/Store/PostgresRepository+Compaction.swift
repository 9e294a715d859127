import Foundation
import Logging
import Models
import PostgresNIO

/// Compaction in PostgreSQL: the plans of `ServerCompaction`, carried out in SQL, under the
/// user's row lock that pushes take (`SELECT … FOR UPDATE`).
extension PostgresRepository {
    /// Migration v6: the clocks of compacted changes, what each device acknowledged and when
    /// it was last seen, each item's share of the current digest, and the queue of items to
    /// compact (every item, at first). The user's last sequence has its own column already.
    static func migrateToCompaction(_ connection: PostgresConnection, _ logger: Logger) async throws {
        let statements: [PostgresQuery] = [
            "ALTER TABLE folio_device ADD COLUMN IF NOT EXISTS acknowledged BIGINT NOT NULL DEFAULT 0",
            "ALTER TABLE folio_device ADD COLUMN IF NOT EXISTS last_seen DOUBLE PRECISION",
            "ALTER TABLE folio_device ADD COLUMN IF NOT EXISTS pushed BOOLEAN NOT NULL DEFAULT TRUE",
            // The devices known before stay known: seen now, holding back what they have not
            // acknowledged yet (nothing, until their next pull).
            "UPDATE folio_device SET last_seen = extract(epoch FROM now())",
            "ALTER TABLE folio_digest ADD COLUMN IF NOT EXISTS current TEXT",
            """
            CREATE TABLE IF NOT EXISTS folio_compacted_change (
                user_id BIGINT NOT NULL REFERENCES folio_user(id) ON DELETE CASCADE,
                timestamp TEXT NOT NULL,
                PRIMARY KEY (user_id, timestamp)
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS folio_item_digest (
                user_id BIGINT NOT NULL REFERENCES folio_user(id) ON DELETE CASCADE,
                entity TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                count BIGINT NOT NULL,
                sum BIGINT NOT NULL,
                PRIMARY KEY (user_id, entity, entity_id)
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS folio_compaction_queue (
                position BIGSERIAL PRIMARY KEY,
                user_id BIGINT NOT NULL REFERENCES folio_user(id) ON DELETE CASCADE,
                entity TEXT NOT NULL,
                entity_id TEXT NOT NULL,
                UNIQUE (user_id, entity, entity_id)
            )
            """,
            "CREATE INDEX IF NOT EXISTS folio_change_item ON folio_change(user_id, entity, entity_id, sequence)",
        ]
        for statement in statements { try await connection.query(statement, logger: logger) }
        var items: [Int64: [ItemKey]] = [:]
        for try await (userID, entity, id) in try await connection.query(
            "SELECT DISTINCT user_id, entity, entity_id FROM folio_change ORDER BY user_id, entity, entity_id", logger: logger
        ).decode((Int64, String, String).self) {
            guard let kind = Change.Entity(rawValue: entity) else { continue }
            items[userID, default: []].append(ItemKey(entity: kind, id: id))
        }
        for (userID, keys) in items {
            try await queueForCompaction(connection, items: keys, userID: userID, logger)
            try await refreshShares(connection, items: keys, userID: userID, logger)
        }
    }

    /// Migration v9: the clocks of compacted changes as numbers (`folio_compacted_clock`), their
    /// devices named once per user (`folio_clock_device`), instead of one text per clock. A
    /// clock moves only when its text is exactly the form `HLCTimestamp` writes (16 digits, 5
    /// digits, a device): any other text stays in `folio_compacted_change`, which pushes still
    /// consult.
    static func migrateToCompactedClocks(_ connection: PostgresConnection, _ logger: Logger) async throws {
        let canonical = "^[0-9]{16}-[0-9]{5}-"
        let statements: [PostgresQuery] = [
            """
            CREATE TABLE IF NOT EXISTS folio_clock_device (
                id BIGSERIAL PRIMARY KEY,
                user_id BIGINT NOT NULL REFERENCES folio_user(id) ON DELETE CASCADE,
                device_id TEXT NOT NULL,
                UNIQUE (user_id, device_id)
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS folio_compacted_clock (
                device BIGINT NOT NULL REFERENCES folio_clock_device(id) ON DELETE CASCADE,
                wall_millis BIGINT NOT NULL,
                counter BIGINT NOT NULL,
                PRIMARY KEY (device, wall_millis, counter)
            )
            """,
            """
            INSERT INTO folio_clock_device(user_id, device_id)
            SELECT DISTINCT user_id, substr(timestamp, 24) FROM folio_compacted_change WHERE timestamp ~ \(canonical) AND length(timestamp) > 23
            ON CONFLICT DO NOTHING
            """,
            """
            INSERT INTO folio_compacted_clock(device, wall_millis, counter)
            SELECT d.id, substr(c.timestamp, 1, 16)::bigint, substr(c.timestamp, 18, 5)::bigint
            FROM folio_compacted_change c JOIN folio_clock_device d ON d.user_id = c.user_id AND d.device_id = substr(c.timestamp, 24)
            WHERE c.timestamp ~ \(canonical) AND length(c.timestamp) > 23
            ON CONFLICT DO NOTHING
            """,
            "DELETE FROM folio_compacted_change WHERE timestamp ~ \(canonical) AND length(timestamp) > 23",
        ]
        for statement in statements { try await connection.query(statement, logger: logger) }
    }

    /// Keeps the clock of a change compaction dropped: a retried push of it is a duplicate.
    static func noteCompacted(_ connection: PostgresConnection, clock: HLCTimestamp, userID: Int64, _ logger: Logger) async throws {
        try await connection.query(
            "INSERT INTO folio_clock_device(user_id, device_id) VALUES (\(userID), \(clock.deviceID)) ON CONFLICT DO NOTHING", logger: logger)
        try await connection.query(
            """
            INSERT INTO folio_compacted_clock(device, wall_millis, counter)
            SELECT id, \(clock.wallMillis), \(Int64(clock.counter)) FROM folio_clock_device WHERE user_id = \(userID) AND device_id = \(clock.deviceID)
            ON CONFLICT DO NOTHING
            """, logger: logger)
    }

    /// Which of `clocks` are clocks of changes compaction dropped (`noteCompacted`).
    static func compactedClocks(_ connection: PostgresConnection, among clocks: [HLCTimestamp], userID: Int64, _ logger: Logger) async throws
        -> [HLCTimestamp]
    {
        guard !clocks.isEmpty else { return [] }
        var found: [HLCTimestamp] = []
        for try await (device, wall, counter) in try await connection.query(
            """
            SELECT w.device_id, w.wall_millis, w.counter
            FROM unnest(\(clocks.map(\.deviceID))::text[], \(clocks.map(\.wallMillis))::bigint[], \(clocks.map { Int64($0.counter) })::bigint[])
                AS w(device_id, wall_millis, counter)
            JOIN folio_clock_device d ON d.user_id = \(userID) AND d.device_id = w.device_id
            JOIN folio_compacted_clock c ON c.device = d.id AND c.wall_millis = w.wall_millis AND c.counter = w.counter
            """, logger: logger
        ).decode((String, Int64, Int64).self) {
            found.append(HLCTimestamp(wallMillis: wall, counter: Int(counter), deviceID: device))
        }
        return found
    }

    /// After a push stored changes of `items` (each once, in the order of their first change, as
    /// `SyncLog` queues them): queues them for compaction, and notes that their shares of the
    /// current digest are stale (refreshed in steps after the push by `CompactionService`, and
    /// what is left when the digest is asked for: a long push in many batches reads each item's
    /// changes once, not once a batch).
    static func noteChanged(_ connection: PostgresConnection, items: [ItemKey], userID: Int64, _ logger: Logger) async throws {
        try await queueForCompaction(connection, items: items, userID: userID, logger)
        for item in items {
            try await connection.query(
                """
                INSERT INTO folio_stale_digest(user_id, entity, entity_id) VALUES (\(userID), \(item.entity.rawValue), \(item.id))
                ON CONFLICT (user_id, entity, entity_id) DO NOTHING
                """, logger: logger)
        }
    }

    /// Puts `items` on the user's compaction queue (once each, in order).
    static func queueForCompaction(_ connection: PostgresConnection, items: [ItemKey], userID: Int64, _ logger: Logger) async throws {
        for item in items {
            try await connection.query(
                """
                INSERT INTO folio_compaction_queue(user_id, entity, entity_id) VALUES (\(userID), \(item.entity.rawValue), \(item.id))
                ON CONFLICT (user_id, entity, entity_id) DO NOTHING
                """, logger: logger)
        }
    }

    /// Refreshes the shares of the current digest that pushes made stale (`noteChanged`): all of
    /// them, or the first `limit`, under the user's row lock. Returns how many it refreshed.
    @discardableResult
    static func refreshStaleShares(_ connection: PostgresConnection, userID: Int64, limit: Int? = nil, _ logger: Logger) async throws -> Int {
        var items: [(entity: String, id: String)] = []
        // LIMIT NULL takes them all.
        let count = limit.map { Int64(max(0, $0)) }
        for try await (entity, id) in try await connection.query(
            "SELECT entity, entity_id FROM folio_stale_digest WHERE user_id = \(userID) ORDER BY entity, entity_id LIMIT \(count)", logger: logger
        ).decode((String, String).self) {
            items.append((entity, id))
        }
        guard !items.isEmpty else { return 0 }
        try await refreshShares(
            connection, items: items.compactMap { item in Change.Entity(rawValue: item.entity).map { ItemKey(entity: $0, id: item.id) } },
            userID: userID, logger)
        // The items taken are the first in that order: everything up to the last of them.
        let last = items[items.count - 1]
        try await connection.query(
            "DELETE FROM folio_stale_digest WHERE user_id = \(userID) AND (entity, entity_id) <= (\(last.entity), \(last.id))", logger: logger)
        return items.count
    }

    package func refreshDigestShares(for user: ServerUser, itemLimit: Int) async throws -> Int {
        let logger = self.logger
        return try await client.withTransaction(logger: logger) { connection -> Int in
            // The user's row lock, as pushes and the digest take it.
            for try await _ in try await connection.query(
                "SELECT last_sequence FROM folio_user WHERE id = \(user.id) FOR UPDATE", logger: logger
            ).decode(Int64.self) {}
            return try await Self.refreshStaleShares(connection, userID: user.id, limit: itemLimit, logger)
        }
    }

    /// Computes the shares of the current digest of `items` from every change the log holds of
    /// each, and the user's total.
    static func refreshShares(_ connection: PostgresConnection, items: [ItemKey], userID: Int64, _ logger: Logger) async throws {
        var current = try await currentTally(connection, userID: userID, logger)
        for item in items {
            for try await (count, sum) in try await connection.query(
                """
                SELECT count, sum FROM folio_item_digest WHERE user_id = \(userID) AND entity = \(item.entity.rawValue) AND entity_id = \(item.id)
                """, logger: logger
            ).decode((Int64, Int64).self) {
                current.add(entity: item.entity, count: -Int(count), sum: 0 &- UInt64(bitPattern: sum))
            }
            let share = ServerCompaction.currentShare(of: try await changes(connection, of: item, userID: userID, logger).map(\.change))
            current.add(entity: item.entity, count: share.count, sum: share.sum)
            try await connection.query(
                """
                INSERT INTO folio_item_digest(user_id, entity, entity_id, count, sum)
                VALUES (\(userID), \(item.entity.rawValue), \(item.id), \(Int64(share.count)), \(Int64(bitPattern: share.sum)))
                ON CONFLICT (user_id, entity, entity_id) DO UPDATE SET count = excluded.count, sum = excluded.sum
                """, logger: logger)
        }
        try await saveCurrentTally(connection, userID: userID, current, logger)
    }

    /// Every change the user's log holds of one item, in sequence order.
    static func changes(_ connection: PostgresConnection, of item: ItemKey, userID: Int64, _ logger: Logger) async throws -> [ServerChange] {
        try await serverChanges(
            try await connection.query(
                """
                SELECT sequence, timestamp, entity, entity_id, operation, field, value FROM folio_change
                WHERE user_id = \(userID) AND entity = \(item.entity.rawValue) AND entity_id = \(item.id) ORDER BY sequence
                """, logger: logger))
    }

    /// Notes what a pull that names its device tells (`ServerCompaction.acknowledgement`): the
    /// device was seen now (a pull-only device gets a row), and what it holds.
    func recordPull(after cursor: String?, device: String, deviceSequence: Int64?, for user: ServerUser) async throws {
        let logger = self.logger
        let now = Date().timeIntervalSince1970
        try await client.withTransaction(logger: logger) { connection in
            let epoch = try await Self.epoch(connection, logger)
            let newest = try await Self.lastSequence(connection, userID: user.id, logger)
            if ServerCompaction.showsLostData(after: cursor, epoch: epoch, newest: newest) {
                try await Self.noteLostData(connection, userID: user.id, now: Date(timeIntervalSince1970: now), logger)
            }
            let acknowledged = ServerCompaction.acknowledgement(
                after: cursor, epoch: epoch, newest: newest, deviceSequence: deviceSequence,
                lastProcessed: try await Self.lastProcessed(connection, userID: user.id, device: device, logger))
            try await connection.query(
                """
                INSERT INTO folio_device(user_id, device_id, last_processed, pushed, last_seen, acknowledged)
                VALUES (\(user.id), \(device), 0, FALSE, \(now), coalesce(\(acknowledged), 0))
                ON CONFLICT (user_id, device_id) DO UPDATE
                SET last_seen = excluded.last_seen, acknowledged = coalesce(\(acknowledged), folio_device.acknowledged)
                """, logger: logger)
        }
    }

    package func compact(for user: ServerUser, itemLimit: Int, now: Date, horizon: TimeInterval) async throws -> CompactionReport {
        let logger = self.logger
        return try await client.withTransaction(logger: logger) { connection -> CompactionReport in
            var report = CompactionReport()
            var lastSequence: Int64 = 0
            for try await value in try await connection.query(
                "SELECT last_sequence FROM folio_user WHERE id = \(user.id) FOR UPDATE", logger: logger
            ).decode(Int64.self) {
                lastSequence = value
            }
            var batch: [(position: Int64, key: ItemKey?)] = []
            for try await (position, entity, id) in try await connection.query(
                """
                SELECT position, entity, entity_id FROM folio_compaction_queue WHERE user_id = \(user.id)
                ORDER BY position LIMIT \(Int64(max(0, itemLimit)))
                """, logger: logger
            ).decode((Int64, String, String).self) {
                batch.append((position, Change.Entity(rawValue: entity).map { ItemKey(entity: $0, id: id) }))
            }
            if !batch.isEmpty {
                let settled = try await Self.settledSequence(
                    connection, userID: user.id, lastSequence: lastSequence, now: now, horizon: horizon, logger)
                try await Self.noteCompaction(connection, settled: settled, now: now, horizon: horizon, userID: user.id, logger)
                var tally = try await Self.tally(connection, userID: user.id, logger)
                for (position, key) in batch {
                    try await connection.query("DELETE FROM folio_compaction_queue WHERE position = \(position)", logger: logger)
                    guard let key else { continue }
                    let item = ServerCompaction.plan(for: try await Self.changes(connection, of: key, userID: user.id, logger), settled: settled)
                    report.add(item)
                    for stored in item.drops {
                        try await connection.query(
                            "DELETE FROM folio_change WHERE user_id = \(user.id) AND sequence = \(stored.sequence)", logger: logger)
                        try await Self.noteCompacted(connection, clock: stored.change.timestamp, userID: user.id, logger)
                    }
                    for stored in item.rewrites {
                        try await connection.query(
                            "UPDATE folio_change SET value = \(stored.change.value) WHERE user_id = \(user.id) AND sequence = \(stored.sequence)",
                            logger: logger)
                    }
                    item.remove(from: &tally)
                    if item.stillPending {
                        try await connection.query(
                            "INSERT INTO folio_compaction_queue(user_id, entity, entity_id) VALUES (\(user.id), \(key.entity.rawValue), \(key.id))",
                            logger: logger)
                    }
                }
                try await Self.saveTally(connection, userID: user.id, tally, logger)
            }
            for try await count in try await connection.query(
                "SELECT count(*) FROM folio_compaction_queue WHERE user_id = \(user.id)", logger: logger
            ).decode(Int64.self) {
                report.itemsPending = Int(count)
            }
            return report
        }
    }

    package func deviceRecords(for user: ServerUser) async throws -> DeviceRecords {
        let logger = self.logger
        return try await client.withConnection { connection -> DeviceRecords in
            DeviceRecords(
                lastSequence: try await Self.lastSequence(connection, userID: user.id, logger),
                devices: try await Self.acknowledgements(connection, userID: user.id, logger),
                lostDataSeen: try await Self.lostDataSeen(connection, userID: user.id, logger))
        }
    }

    /// Notes that a device came, at `now`, with data the user's log does not hold
    /// (`ServerCompaction.settledSequence(…lostDataSeen:)`).
    static func noteLostData(_ connection: PostgresConnection, userID: Int64, now: Date, _ logger: Logger) async throws {
        try await connection.query("UPDATE folio_user SET lost_data_seen = \(now.timeIntervalSince1970) WHERE id = \(userID)", logger: logger)
    }

    /// When a device last came with data the user's log does not hold (nil: never).
    static func lostDataSeen(_ connection: PostgresConnection, userID: Int64, _ logger: Logger) async throws -> Date? {
        for try await value in try await connection.query("SELECT lost_data_seen FROM folio_user WHERE id = \(userID)", logger: logger)
            .decode(Double?.self)
        {
            return value.map(Date.init(timeIntervalSince1970:))
        }
        return nil
    }

    /// The sequence up to which every device seen within `horizon` of `now` holds the user's
    /// log ending at `lastSequence` (`ServerCompaction.settledSequence`).
    static func settledSequence(
        _ connection: PostgresConnection, userID: Int64, lastSequence: Int64, now: Date, horizon: TimeInterval, _ logger: Logger
    ) async throws -> Int64 {
        ServerCompaction.settledSequence(
            devices: try await acknowledgements(connection, userID: userID, logger).map(\.acknowledgement), lastSequence: lastSequence,
            now: now, horizon: horizon, lostDataSeen: try await lostDataSeen(connection, userID: userID, logger))
    }

    /// The user's known devices (not forgotten), by id.
    static func acknowledgements(_ connection: PostgresConnection, userID: Int64, _ logger: Logger) async throws -> [DeviceRecord] {
        var devices: [DeviceRecord] = []
        for try await (id, name, acknowledged, lastSeen) in try await connection.query(
            """
            SELECT device_id, name, acknowledged, last_seen FROM folio_device
            WHERE user_id = \(userID) AND last_seen IS NOT NULL ORDER BY device_id
            """, logger: logger
        ).decode((String, String?, Int64, Double).self) {
            devices.append(
                DeviceRecord(
                    id: id, name: name,
                    acknowledgement: DeviceAcknowledgement(acknowledged: acknowledged, lastSeen: Date(timeIntervalSince1970: lastSeen))))
        }
        return devices
    }

    package func forget(device: String, for user: ServerUser) async throws {
        var found = false
        for try await _ in try await client.query(
            """
            UPDATE folio_device SET last_seen = NULL, acknowledged = 0
            WHERE user_id = \(user.id) AND device_id = \(device) AND last_seen IS NOT NULL RETURNING device_id
            """, logger: logger)
        {
            found = true
        }
        guard found else { throw ServerError.noSuchDevice(device) }
    }
}
