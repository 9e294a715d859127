import FolioTestSupport
import Foundation
import GRDB
import Models
import Testing

@testable import Server

/// A store whose compacted clocks were kept as text (migrations up to v8) is brought up to date
/// by migration v9: each clock moves to the numbered table, a retried push of its change is
/// still a duplicate, and a text that is not a clock's exact form is kept where it was. On
/// SQLite, and on PostgreSQL under `scripts/with-postgres.sh`.
@Suite struct CompactedClockMigrationTests {
    static let article = "01a22157-7a89-79cc-8659-315fc7406a09"
    /// The clocks of two changes compacted before the upgrade, of two devices.
    static let compacted = [
        HLCTimestamp(wallMillis: 1_750_000_000_005, counter: 3, deviceID: StoreUnderTest.deviceB),
        HLCTimestamp(wallMillis: 1_750_000_000_007, counter: 0, deviceID: StoreUnderTest.deviceA),
    ]
    /// A text no clock writes (a time of 17 digits): it cannot be read as numbers, so it stays.
    static let odd = "17500000000000005-00003-" + StoreUnderTest.deviceB

    static func title(at clock: HLCTimestamp) -> Change {
        Change(entity: .article, entityID: article, operation: .update, field: "title", value: "\"Old\"", timestamp: clock)
    }

    @Test func aSQLiteStoresCompactedClocksBecomeNumbers() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/server.sqlite"
        do {
            let old = try DatabaseQueue(path: path)
            try SQLiteRepository.migrator.migrate(old, upTo: "v8-stale-digest")
            try await old.write { db in
                try db.execute(sql: "INSERT INTO user(id, name, tokenHash) VALUES (1, 'alice', x'00')")
                for text in Self.compacted.map(\.description) + [Self.odd] {
                    try db.execute(sql: "INSERT INTO compactedChange(userID, timestamp) VALUES (1, ?)", arguments: [text])
                }
            }
            try old.close()
        }
        let repository = try SQLiteRepository(path: path)
        let (clocks, texts) = try await repository.pool.read { db in
            (
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT deviceID, wallMillis, counter FROM compactedClock JOIN clockDevice ON clockDevice.id = compactedClock.device
                        WHERE clockDevice.userID = 1 ORDER BY wallMillis
                        """
                ).map { HLCTimestamp(wallMillis: $0["wallMillis"], counter: $0["counter"], deviceID: $0["deviceID"]) },
                try String.fetchAll(db, sql: "SELECT timestamp FROM compactedChange")
            )
        }
        #expect(clocks == Self.compacted)
        #expect(texts == [Self.odd])
        try await Self.checkRetriedPushes(repository)
    }

    @Test func aPostgreSQLDatabasesCompactedClocksBecomeNumbers() async throws {
        guard ProcessInfo.processInfo.environment["FOLIO_TEST_POSTGRES_URL"] != nil else { return }
        try await OlderPostgresDatabase.with(before: "v9-compacted-clocks") { connection, logger in
            try await connection.query("INSERT INTO folio_user(id, name, token_hash) VALUES (1, 'alice', '\\x00')", logger: logger)
            for text in Self.compacted.map(\.description) + [Self.odd] {
                try await connection.query("INSERT INTO folio_compacted_change(user_id, timestamp) VALUES (1, \(text))", logger: logger)
            }
        } _: { repository in
            let logger = StoreUnderTest.logger
            var clocks: [HLCTimestamp] = []
            var texts: [String] = []
            try await repository.client.withConnection { connection in
                for try await (device, wall, counter) in try await connection.query(
                    """
                    SELECT d.device_id, c.wall_millis, c.counter FROM folio_compacted_clock c JOIN folio_clock_device d ON d.id = c.device
                    WHERE d.user_id = 1 ORDER BY c.wall_millis
                    """, logger: logger
                ).decode((String, Int64, Int64).self) {
                    clocks.append(HLCTimestamp(wallMillis: wall, counter: Int(counter), deviceID: device))
                }
                for try await text in try await connection.query("SELECT timestamp FROM folio_compacted_change", logger: logger).decode(
                    String.self)
                {
                    texts.append(text)
                }
            }
            #expect(clocks == Self.compacted)
            #expect(texts == [Self.odd])
            try await Self.checkRetriedPushes(repository)
        }
    }

    /// A push of a change whose clock was compacted is a duplicate, from either device; a
    /// change with a clock next to it is stored.
    static func checkRetriedPushes(_ repository: any SyncRepository) async throws {
        let user = ServerUser(id: 1, name: "alice")
        for (index, clock) in compacted.enumerated() {
            let answer = try await repository.push(
                PushRequest(deviceID: clock.deviceID, mutations: [Mutation(deviceSequence: Int64(index + 1), change: title(at: clock))]),
                for: user)
            #expect(answer.results.map(\.status) == [.duplicate])
        }
        let next = HLCTimestamp(wallMillis: compacted[0].wallMillis, counter: compacted[0].counter + 1, deviceID: compacted[0].deviceID)
        let answer = try await repository.push(
            PushRequest(deviceID: next.deviceID, mutations: [Mutation(deviceSequence: 5, change: title(at: next))]), for: user)
        #expect(answer.results.map(\.status) == [.applied])
        // Compacted again, the new clock joins the others and its retry is a duplicate too.
        let later = Change(
            entity: .article, entityID: article, operation: .update, field: "title", value: "\"New\"",
            timestamp: HLCTimestamp(wallMillis: 1_750_000_001_000, counter: 0, deviceID: next.deviceID))
        _ = try await repository.push(PushRequest(deviceID: next.deviceID, mutations: [Mutation(deviceSequence: 6, change: later)]), for: user)
        let report = try await repository.compact(for: user, itemLimit: 10, now: Date(), horizon: ServerCompaction.defaultHorizon)
        #expect(report.changesDropped == 1)
        let retry = try await repository.push(
            PushRequest(deviceID: next.deviceID, mutations: [Mutation(deviceSequence: 7, change: title(at: next))]), for: user)
        #expect(retry.results.map(\.status) == [.duplicate])
    }
}

/// A push looks each of its clocks up by the two primary keys, not by walking the clocks.
@Suite struct CompactedClockLookupTests {
    @Test func eachClockIsLookedUpByKey() async throws {
        let folder = try TemporaryFolder()
        let repository = try SQLiteRepository(path: folder.path + "/server.sqlite")
        let plan = try await repository.pool.read { db in
            try Row.fetchAll(
                db, sql: "EXPLAIN QUERY PLAN " + SQLiteRepository.compactedClocksSQL(count: 2),
                arguments: [1, "a", 1, 0, "b", 2, 0]
            ).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.hasPrefix("SEARCH clockDevice USING") && $0.contains("(userID=? AND deviceID=?)") })
        #expect(plan.contains("SEARCH compactedClock USING PRIMARY KEY (device=? AND wallMillis=? AND counter=?)"))
    }
}
