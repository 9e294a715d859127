import FolioTestSupport
import Foundation
import GRDB
import Models
import Testing

@testable import Server

/// A log stored before pulls by item (migrations up to v9) is brought up to date by migration
/// v10: each item's last sequence is read from the log, so a pull by item gives every change
/// of each item whole, in the order of its last change, and the next push moves its item to
/// the end. On SQLite, and on PostgreSQL under `scripts/with-postgres.sh`.
@Suite struct ItemOrderMigrationTests {
    static let items = (1...3).map { "01a22157-7a89-79cc-8659-315fc7406a0\($0)" }
    /// The stored log: items 1, 2, 1, 3, 2 (last changes: item 1 at 3, item 3 at 4, item 2 at 5).
    static let order = [0, 1, 0, 2, 1]

    static func title(of item: Int, at index: Int) -> Change {
        Change(
            entity: .article, entityID: items[item], operation: .update, field: "title", value: "\"T\(index)\"",
            timestamp: HLCTimestamp(wallMillis: 1_750_000_000_000 + Int64(index), counter: 0, deviceID: StoreUnderTest.deviceA))
    }

    @Test func aSQLiteLogIsPulledByItemAfterTheUpgrade() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/server.sqlite"
        do {
            let old = try DatabaseQueue(path: path)
            try SQLiteRepository.migrator.migrate(old, upTo: "v9-compacted-clocks")
            try await old.write { db in
                try db.execute(sql: "INSERT INTO user(id, name, tokenHash, lastSequence) VALUES (1, 'alice', x'00', 5)")
                for (index, item) in Self.order.enumerated() {
                    let change = Self.title(of: item, at: index + 1)
                    try db.execute(
                        sql: """
                            INSERT INTO serverChange(userID, sequence, timestamp, entity, entityID, operation, field, value, transactionEnd)
                            VALUES (1, ?, ?, 'article', ?, 'update', 'title', ?, 5)
                            """, arguments: [index + 1, change.timestamp.description, change.entityID, change.value])
                }
            }
            try old.close()
        }
        try await Self.checkPullsByItem(try SQLiteRepository(path: path))
    }

    @Test func aPostgreSQLLogIsPulledByItemAfterTheUpgrade() async throws {
        guard ProcessInfo.processInfo.environment["FOLIO_TEST_POSTGRES_URL"] != nil else { return }
        try await OlderPostgresDatabase.with(before: "v10-item-order") { connection, logger in
            try await connection.query(
                "INSERT INTO folio_user(id, name, token_hash, last_sequence) VALUES (1, 'alice', '\\x00', 5)", logger: logger)
            for (index, item) in Self.order.enumerated() {
                let change = Self.title(of: item, at: index + 1)
                try await connection.query(
                    """
                    INSERT INTO folio_change(user_id, sequence, timestamp, entity, entity_id, operation, field, value, transaction_end)
                    VALUES (1, \(Int64(index + 1)), \(change.timestamp.description), 'article', \(change.entityID), 'update', 'title',
                            \(change.value), 5)
                    """, logger: logger)
            }
        } _: { repository in
            try await Self.checkPullsByItem(repository)
        }
    }

    /// Pages of one change by item: item 1 whole, item 3, item 2 whole; then a push to item 1
    /// sends it again, whole, after the others.
    static func checkPullsByItem(_ repository: any SyncRepository) async throws {
        let user = ServerUser(id: 1, name: "alice")
        func pages(after start: String?) async throws -> (pages: [[Int64]], cursor: String) {
            var cursor = start
            var pages: [[Int64]] = []
            while true {
                let page = try await repository.pull(
                    after: cursor, limit: 1, excludingDevice: nil, deviceSequence: nil, order: .item,
                    horizon: ServerCompaction.defaultHorizon, for: user)
                pages.append(page.changes.map(\.sequence))
                cursor = page.cursor
                if !page.hasMore || pages.count > 10 { return (pages, page.cursor) }
            }
        }
        let first = try await pages(after: nil)
        #expect(first.pages == [[1, 3], [4], [2, 5]])
        #expect(SyncCursor(token: first.cursor)?.byItem == false)
        let pushed = try await repository.push(
            PushRequest(deviceID: StoreUnderTest.deviceA, mutations: [Mutation(deviceSequence: 6, change: title(of: 0, at: 6))]), for: user)
        #expect(pushed.results.map(\.status) == [.applied])
        #expect(try await pages(after: nil).pages == [[4], [2, 5], [1, 3, 6]])
    }
}

/// A page by item reads each item's changes by the item, not by walking the user's log.
@Suite struct ItemOrderLookupTests {
    @Test func eachItemsChangesAreLookedUpByItem() async throws {
        let folder = try TemporaryFolder()
        let repository = try SQLiteRepository(path: folder.path + "/server.sqlite")
        let statements: [(String, StatementArguments)] = [
            (SQLiteRepository.byItemSizesSQL, [nil, 1, 0, 10, 5]), (SQLiteRepository.byItemChangesSQL, [nil, 1, 0, 10]),
        ]
        for (sql, arguments) in statements {
            let plan = try await repository.pool.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
            }
            #expect(plan.contains { $0.contains("USING COVERING INDEX itemSequence_order (userID=? AND lastSequence>? AND lastSequence<?)") })
            #expect(plan.contains { $0.hasPrefix("SEARCH change USING INDEX serverChange_item (userID=? AND entity=? AND entityID=?)") })
        }
    }
}
