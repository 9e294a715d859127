import Logging
import Models
import PostgresNIO

/// The PostgreSQL schema as named, append-only migrations, as `SQLiteRepository.migrator` is
/// for the embedded store: a released migration is never edited; a change of schema is a new
/// one at the end. Databases made before migrations were recorded (by `CREATE TABLE IF NOT
/// EXISTS`) hold what the first steps make, so those steps only create what is missing.
enum PostgresMigrations {
    static let all: [PostgresMigration] = [
        PostgresMigration(name: "v1-server") { connection, logger in
            try await connection.query("CREATE TABLE IF NOT EXISTS folio_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)", logger: logger)
            try await connection.query(
                "INSERT INTO folio_meta(key, value) VALUES ('epoch', \(EntityID.make())) ON CONFLICT (key) DO NOTHING", logger: logger)
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
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS folio_device (
                    user_id BIGINT NOT NULL REFERENCES folio_user(id) ON DELETE CASCADE,
                    device_id TEXT NOT NULL,
                    last_processed BIGINT NOT NULL,
                    PRIMARY KEY (user_id, device_id)
                )
                """, logger: logger)
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
        },
        PostgresMigration(name: "v2-transaction-end") { connection, logger in
            // The last sequence of the push transaction that stored each change (pull pages
            // end on transaction boundaries).
            try await connection.query("ALTER TABLE folio_change ADD COLUMN IF NOT EXISTS transaction_end BIGINT", logger: logger)
        },
        PostgresMigration(name: "v3-digest") { connection, logger in
            // Each user's running digest of the log (`LibraryDigest`), kept by every push;
            // counted once from the log when the table is new.
            var exists = false
            for try await found in try await connection.query("SELECT to_regclass('folio_digest') IS NOT NULL", logger: logger)
                .decode(Bool.self)
            {
                exists = found
            }
            guard !exists else { return }
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
            for (userID, tally) in tallies { try await PostgresRepository.saveTally(connection, userID: userID, tally, logger) }
        },
        PostgresMigration(name: "v4-device-names") { connection, logger in
            // What each device calls itself (`PushRequest.deviceName`), for `GET /v1/devices`.
            try await connection.query("ALTER TABLE folio_device ADD COLUMN IF NOT EXISTS name TEXT", logger: logger)
        },
        PostgresMigration(name: "v5-one-change-per-timestamp") { connection, logger in
            // One row per clock timestamp and user; a log that older versions let hold a
            // timestamp twice keeps those rows (nothing is deleted) under a plain index; pushes
            // check it all the same.
            var indexed = false
            for try await _ in try await connection.query(
                "SELECT 1 FROM pg_indexes WHERE indexname IN ('folio_change_timestamp', 'folio_change_timestamp_plain')", logger: logger
            ) {
                indexed = true
            }
            guard !indexed else { return }
            var twice = false
            for try await _ in try await connection.query(
                "SELECT 1 FROM folio_change GROUP BY user_id, timestamp HAVING count(*) > 1 LIMIT 1", logger: logger
            ) {
                twice = true
            }
            if twice {
                try await connection.query("CREATE INDEX folio_change_timestamp_plain ON folio_change(user_id, timestamp)", logger: logger)
            } else {
                try await connection.query("CREATE UNIQUE INDEX folio_change_timestamp ON folio_change(user_id, timestamp)", logger: logger)
            }
        },
        PostgresMigration(name: "v6-compaction") { connection, logger in
            try await PostgresRepository.migrateToCompaction(connection, logger)
        },
        PostgresMigration(name: "v7-lost-data") { connection, logger in
            // When a device last came with data the log does not hold (compaction waits).
            try await connection.query("ALTER TABLE folio_user ADD COLUMN IF NOT EXISTS lost_data_seen DOUBLE PRECISION", logger: logger)
        },
        PostgresMigration(name: "v8-stale-digest") { connection, logger in
            // The items whose share of the current digest a push changed: refreshed once, when
            // the digest is asked for, however many pushes changed them. And the compaction
            // queue in order per user.
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS folio_stale_digest (
                    user_id BIGINT NOT NULL REFERENCES folio_user(id) ON DELETE CASCADE,
                    entity TEXT NOT NULL,
                    entity_id TEXT NOT NULL,
                    PRIMARY KEY (user_id, entity, entity_id)
                )
                """, logger: logger)
            try await connection.query(
                "CREATE INDEX IF NOT EXISTS folio_compaction_queue_order ON folio_compaction_queue(user_id, position)", logger: logger)
        },
        PostgresMigration(name: "v9-compacted-clocks") { connection, logger in
            try await PostgresRepository.migrateToCompactedClocks(connection, logger)
        },
        PostgresMigration(name: "v10-item-order") { connection, logger in
            try await PostgresRepository.migrateToItemOrder(connection, logger)
        },
        PostgresMigration(name: "v11-rejoin") { connection, logger in
            try await PostgresRepository.migrateToRejoin(connection, logger)
        },
    ]
}
