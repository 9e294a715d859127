import FolioTestSupport
import Foundation
import GRDB
import Models
import Testing

@testable import Server

/// A store made before compaction (migrations up to v5) is brought up to date by migration
/// v6: its log, devices and digest carry over, and compaction picks up every item. On SQLite,
/// and on PostgreSQL under `scripts/with-postgres.sh`.
@Suite struct CompactionMigrationTests {
    static let device = ServerProcess.deviceA
    static let article = "01a22157-7a89-79cc-8659-315fc7406a09"
    /// Three titles of one article, pushed in one transaction before the upgrade.
    static let changes = (1...3).map { step in
        Change(
            entity: .article, entityID: article, operation: .update, field: "title", value: "\"T\(step)\"",
            timestamp: HLCTimestamp(wallMillis: 1_750_000_000_000 + Int64(step), counter: 0, deviceID: device))
    }

    @Test func aSQLiteStoreFromBeforeCompactionIsCarriedOver() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/server.sqlite"
        let device = Self.device
        let article = Self.article
        let changes = Self.changes
        do {
            let old = try DatabaseQueue(path: path)
            try SQLiteRepository.migrator.migrate(old, upTo: "v5-one-change-per-timestamp")
            try await old.write { db in
                try db.execute(sql: "INSERT INTO user(id, name, tokenHash) VALUES (1, 'alice', x'00')")
                var tally = LibraryDigest.Tally()
                for (index, change) in changes.enumerated() {
                    try db.execute(
                        sql: """
                            INSERT INTO serverChange(userID, sequence, timestamp, entity, entityID, operation, field, value, transactionEnd)
                            VALUES (1, ?, ?, 'article', ?, 'update', 'title', ?, 3)
                            """,
                        arguments: [index + 1, change.timestamp.description, article, change.value])
                    tally.add(entity: .article, id: article, timestamp: change.timestamp.description)
                }
                try SQLiteRepository.saveTally(db, userID: 1, tally)
                try db.execute(sql: "INSERT INTO device(userID, deviceID, lastProcessed, name) VALUES (1, ?, 3, 'laptop')", arguments: [device])
            }
            try old.close()
        }
        try await Self.checkCarriedOver(try SQLiteRepository(path: path))
    }

    @Test func aPostgreSQLDatabaseFromBeforeCompactionIsCarriedOver() async throws {
        guard ProcessInfo.processInfo.environment["FOLIO_TEST_POSTGRES_URL"] != nil else { return }
        try await OlderPostgresDatabase.with(before: "v6-compaction") { connection, logger in
            try await connection.query(
                "INSERT INTO folio_user(id, name, token_hash, last_sequence) VALUES (1, 'alice', '\\x00', 3)", logger: logger)
            var tally = LibraryDigest.Tally()
            for (index, change) in Self.changes.enumerated() {
                try await connection.query(
                    """
                    INSERT INTO folio_change(user_id, sequence, timestamp, entity, entity_id, operation, field, value, transaction_end)
                    VALUES (1, \(Int64(index + 1)), \(change.timestamp.description), 'article', \(Self.article), 'update', 'title', \(change.value), 3)
                    """, logger: logger)
                tally.add(entity: .article, id: Self.article, timestamp: change.timestamp.description)
            }
            try await PostgresRepository.saveTally(connection, userID: 1, tally, logger)
            try await connection.query(
                "INSERT INTO folio_device(user_id, device_id, last_processed, name) VALUES (1, \(Self.device), 3, 'laptop')", logger: logger)
        } _: { repository in
            try await Self.checkCarriedOver(repository)
        }
    }

    /// What the upgraded store must say of alice's log.
    static func checkCarriedOver(_ repository: any SyncRepository) async throws {
        let user = ServerUser(id: 1, name: "alice")
        let digest = try await repository.digest(for: user)
        #expect(digest.sequence == 3)
        #expect(digest.articles.count == 3)
        #expect(digest.currentArticles == LibraryDigest.essentials(of: changes).digest().articles)
        // The device known before counts as seen: it holds compaction back until it pulls.
        let records = try await repository.deviceRecords(for: user)
        #expect(records.devices.map(\.id) == [device])
        #expect(records.holdsBack(records.devices[0], now: Date(), horizon: ServerCompaction.defaultHorizon))
        #expect(try await repository.devices(for: user).devices == [DeviceList.Device(id: device, name: "laptop")])
        // Every item is queued: the superseded titles go.
        let report = try await repository.compact(for: user, itemLimit: 10, now: Date(), horizon: ServerCompaction.defaultHorizon)
        #expect(report.changesDropped == 2)
        #expect(report.itemsExamined == 1)
        // The last sequence is kept: a new change takes the next number.
        let next = Change(
            entity: .article, entityID: article, operation: .update, field: "title", value: "\"T4\"",
            timestamp: HLCTimestamp(wallMillis: 1_750_000_000_004, counter: 0, deviceID: device))
        let answer = try await repository.push(PushRequest(deviceID: device, mutations: [Mutation(deviceSequence: 4, change: next)]), for: user)
        #expect(answer.results.map(\.status) == [.applied])
        let page = try await repository.pull(after: nil, limit: 10, excludingDevice: nil, deviceSequence: nil, for: user)
        #expect(page.changes.map(\.sequence) == [3, 4])
    }
}
