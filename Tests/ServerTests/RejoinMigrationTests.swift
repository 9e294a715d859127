import FolioTestSupport
import Foundation
import GRDB
import Models
import Testing

@testable import Server

/// A log stored before devices rejoined (migrations up to v10) is brought up to date by
/// migration v11: its devices count as agreeing with everything compacted so far, its changes
/// as never stored again (a pull still leaves out the asking device's own), and the next
/// compaction asks only a device it did not wait for to rejoin. On SQLite, and on PostgreSQL
/// under `scripts/with-postgres.sh`.
@Suite struct RejoinMigrationTests {
    static let item = "01a22157-7a89-79cc-8659-315fc7406a01"
    static let a = StoreUnderTest.deviceA
    static let b = StoreUnderTest.deviceB

    static func title(_ text: String, at millis: Int64) -> Change {
        Change(
            entity: .article, entityID: item, operation: .update, field: "title", value: "\"\(text)\"",
            timestamp: HLCTimestamp(wallMillis: 1_750_000_000_000 + millis, counter: 0, deviceID: a))
    }

    @Test func aSQLiteLogRejoinsAfterTheUpgrade() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/server.sqlite"
        do {
            let old = try DatabaseQueue(path: path)
            try SQLiteRepository.migrator.migrate(old, upTo: "v10-item-order")
            try await old.write { db in
                try db.execute(sql: "INSERT INTO user(id, name, tokenHash, lastSequence) VALUES (1, 'alice', x'00', 2)")
                try db.execute(
                    sql: "INSERT INTO device(userID, deviceID, lastProcessed, lastSeen, acknowledged) VALUES (1, ?, 2, ?, 0)",
                    arguments: [Self.a, Date().timeIntervalSince1970])
                for (index, change) in [Self.title("One", at: 1), Self.title("Two", at: 2)].enumerated() {
                    try db.execute(
                        sql: """
                            INSERT INTO serverChange(userID, sequence, timestamp, entity, entityID, operation, field, value, transactionEnd)
                            VALUES (1, ?, ?, 'article', ?, 'update', 'title', ?, 2)
                            """, arguments: [index + 1, change.timestamp.description, change.entityID, change.value])
                }
            }
            try old.close()
        }
        try await Self.checkRejoins(try SQLiteRepository(path: path))
    }

    @Test func aPostgreSQLLogRejoinsAfterTheUpgrade() async throws {
        guard ProcessInfo.processInfo.environment["FOLIO_TEST_POSTGRES_URL"] != nil else { return }
        try await OlderPostgresDatabase.with(before: "v11-rejoin") { connection, logger in
            try await connection.query(
                "INSERT INTO folio_user(id, name, token_hash, last_sequence) VALUES (1, 'alice', '\\x00', 2)", logger: logger)
            try await connection.query(
                """
                INSERT INTO folio_device(user_id, device_id, last_processed, last_seen, acknowledged)
                VALUES (1, \(Self.a), 2, \(Date().timeIntervalSince1970), 0)
                """, logger: logger)
            for (index, change) in [Self.title("One", at: 1), Self.title("Two", at: 2)].enumerated() {
                try await connection.query(
                    """
                    INSERT INTO folio_change(user_id, sequence, timestamp, entity, entity_id, operation, field, value, transaction_end)
                    VALUES (1, \(Int64(index + 1)), \(change.timestamp.description), 'article', \(change.entityID), 'update', 'title',
                            \(change.value), 2)
                    """, logger: logger)
            }
        } _: { repository in
            try await Self.checkRejoins(repository)
        }
    }

    /// a, known before the upgrade, retitles the article, pulls (its own changes left out) and
    /// acknowledges the log; compaction drops the superseded titles; a is not asked to rejoin,
    /// a new device b is.
    static func checkRejoins(_ repository: any SyncRepository) async throws {
        let user = ServerUser(id: 1, name: "alice")
        _ = try await repository.push(PushRequest(deviceID: a, mutations: [Mutation(deviceSequence: 3, change: title("Three", at: 3))]), for: user)
        func pull(_ device: String, after cursor: String?) async throws -> PullResponse {
            try await repository.pull(
                after: cursor, limit: 100, excludingDevice: device, deviceSequence: 3, order: .log, horizon: ServerCompaction.defaultHorizon,
                for: user)
        }
        let first = try await pull(a, after: nil)
        #expect(first.changes.isEmpty, "a's own changes are left out")
        #expect(first.rejoin == nil)
        _ = try await pull(a, after: first.cursor)
        let report = try await repository.compact(for: user, itemLimit: .max, now: Date(), horizon: ServerCompaction.defaultHorizon)
        #expect(report.changesDropped == 2)
        #expect(try await pull(a, after: first.cursor).rejoin == nil, "a was waited for")
        #expect(try await pull(b, after: nil).rejoin == true, "b was not")
    }
}
