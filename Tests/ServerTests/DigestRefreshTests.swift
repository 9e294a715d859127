import FolioTestSupport
import Foundation
import GRDB
import Models
import PostgresNIO
import Testing

@testable import Server

/// A push notes the items whose share of the current digest it changed, and the digest
/// refreshes each of them once when it is asked for: a long push in many batches reads an
/// item's changes once, not once a batch (a history of 10 title edits on 10,000 articles did
/// not finish pushing in 19 minutes when every batch re-read them). On SQLite and PostgreSQL.
@Suite struct DigestRefreshTests {
    let articleID = "01a22157-7a89-79cc-8659-315fc7406a09"

    func title(_ step: Int) -> Change {
        Change(
            entity: .article, entityID: articleID, operation: .update, field: "title", value: "\"T\(step)\"",
            timestamp: HLCTimestamp(wallMillis: 1_750_000_000_000 + Int64(step), counter: 0, deviceID: StoreUnderTest.deviceA))
    }

    /// The items whose shares wait to be refreshed, and the items with a share.
    func counts(_ store: StoreUnderTest) async throws -> (stale: Int, shares: Int) {
        switch store.repository {
        case let sqlite as SQLiteRepository:
            return try await sqlite.pool.read { db in
                (
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM staleDigest") ?? -1,
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM itemDigest") ?? -1
                )
            }
        case let postgres as PostgresRepository:
            var result = (stale: -1, shares: -1)
            for try await (stale, shares) in try await postgres.client.query(
                "SELECT (SELECT count(*) FROM folio_stale_digest), (SELECT count(*) FROM folio_item_digest)", logger: StoreUnderTest.logger
            ).decode((Int64, Int64).self) {
                result = (Int(stale), Int(shares))
            }
            return result
        default:
            Issue.record("an unknown backend")
            return (-1, -1)
        }
    }

    /// An item's changes are read through the item index, not by walking the user's whole log
    /// in sequence order (which SQLite chose without the index named: the push of a 10,000
    /// article history then read the log once per item).
    @Test func anItemsChangesAreReadThroughTheItemIndex() async throws {
        try await StoreUnderTest.with(.sqlite) { store in
            let sqlite = try #require(store.repository as? SQLiteRepository)
            let plan = try await sqlite.pool.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + SQLiteRepository.itemChangesSQL, arguments: [1, "article", articleID])
                    .map { $0["detail"] as String }
            }
            #expect(plan == ["SEARCH serverChange USING INDEX serverChange_item (userID=? AND entity=? AND entityID=?)"])
            // A compaction step takes the first items of the queue without sorting all of it.
            let step = try await sqlite.pool.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + SQLiteRepository.compactionBatchSQL, arguments: [1, 8]).map {
                    $0["detail"] as String
                }
            }
            #expect(step == ["SEARCH compactionQueue USING INDEX compactionQueue_order (userID=?)"])
        }
    }

    @Test(arguments: Backend.available)
    func pushesLeaveSharesStaleAndTheDigestRefreshesEachItemOnce(backend: Backend) async throws {
        try await StoreUnderTest.with(backend) { store in
            var all: [Change] = []
            for batch in 0..<5 {
                let changes = (1...3).map { title(batch * 3 + $0) }
                try await store.push(StoreUnderTest.deviceA, from: Int64(batch * 3 + 1), changes)
                all += changes
            }
            #expect(try await counts(store) == (stale: 1, shares: 0))
            let digest = try await store.repository.digest(for: store.user)
            #expect(try await counts(store) == (stale: 0, shares: 1))
            #expect(digest.currentArticles == LibraryDigest.essentials(of: all).digest().articles)
            // Asked again with nothing pushed: nothing to refresh, the same answer.
            #expect(try await store.repository.digest(for: store.user) == digest)
            let more = title(16)
            try await store.push(StoreUnderTest.deviceA, from: 16, [more])
            #expect(try await counts(store) == (stale: 1, shares: 1))
            #expect(
                try await store.repository.digest(for: store.user).currentArticles == LibraryDigest.essentials(of: all + [more]).digest().articles)
        }
    }

    /// After pushes, `CompactionService` refreshes the stale shares in short transactions
    /// (`refreshDigestShares`) until none is left, so the digest request that ends a long push
    /// has nothing left to do; a push between two steps makes its items stale again, and the
    /// digest refreshes them.
    @Test(arguments: Backend.available)
    func staleSharesAreRefreshedInStepsBeforeTheDigestIsAskedFor(backend: Backend) async throws {
        try await StoreUnderTest.with(backend) { store in
            let ids = (1...5).map { String(format: "01a22157-7a89-79cc-8659-%012d", $0) }
            let changes = ids.enumerated().map { index, id in
                Change(
                    entity: .article, entityID: id, operation: .update, field: "title", value: "\"T\(index)\"",
                    timestamp: HLCTimestamp(wallMillis: 1_750_000_000_000 + Int64(index), counter: 0, deviceID: StoreUnderTest.deviceA))
            }
            try await store.push(StoreUnderTest.deviceA, from: 1, changes)
            #expect(try await counts(store) == (stale: 5, shares: 0))
            #expect(try await store.repository.refreshDigestShares(for: store.user, itemLimit: 2) == 2)
            #expect(try await counts(store) == (stale: 3, shares: 2))
            let again = Change(
                entity: .article, entityID: ids[0], operation: .update, field: "title", value: "\"again\"",
                timestamp: HLCTimestamp(wallMillis: 1_750_000_001_000, counter: 0, deviceID: StoreUnderTest.deviceA))
            try await store.push(StoreUnderTest.deviceA, from: 6, [again])
            #expect(try await counts(store) == (stale: 4, shares: 2))
            #expect(try await store.repository.refreshDigestShares(for: store.user, itemLimit: 2) == 2)
            #expect(try await store.repository.refreshDigestShares(for: store.user, itemLimit: 2) == 2)
            #expect(try await store.repository.refreshDigestShares(for: store.user, itemLimit: 2) == 0)
            #expect(try await counts(store) == (stale: 0, shares: 5))
            let digest = try await store.repository.digest(for: store.user)
            #expect(digest.currentArticles == LibraryDigest.essentials(of: changes + [again]).digest().articles)
            #expect(digest.currentArticles?.count == 5)
        }
    }
}
