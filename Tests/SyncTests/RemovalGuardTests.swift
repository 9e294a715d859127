import Foundation
import Models
import Storage
import Testing

@testable import Sync

/// A sync that would wipe a device stops before removing anything more, and asks for --force.
@Suite struct RemovalGuardTests {
    @Test func theLimitIsHalfTheLibraryAtMost500AndNeverBelowTen() {
        let limits = RemovalGuard()
        #expect(limits.limit(library: 4) == 10)
        #expect(limits.limit(library: 30) == 15)
        #expect(limits.limit(library: 100_000) == 500)
    }

    /// Two devices with the same 30 articles.
    func twoDevices(_ service: InMemorySyncService) async throws -> (Device, Device, [Article]) {
        let (a, b) = (try Device(), try Device())
        let articles = (0..<30).map { Article(title: "Article \($0)", content: "Text \($0).") }
        for article in articles { try a.store.add(article) }
        _ = try await a.engine(service).sync()
        _ = try await b.engine(service).sync()
        #expect(try b.store.liveItemCount() == 30)
        return (a, b, articles)
    }

    @Test func aSyncThatWouldTrashMostOfTheLibraryStopsUntilForced() async throws {
        let service = InMemorySyncService()
        let (a, b, articles) = try await twoDevices(service)
        for article in articles.prefix(20) { try a.store.trash(articleID: article.id) }
        _ = try await a.engine(service).sync()
        let before = try b.library()
        let cursor = try b.store.syncCursor()
        await #expect(throws: SyncError.tooManyRemovals(count: 20, library: 30)) { _ = try await b.engine(service).sync() }
        #expect(try b.library() == before, "nothing was removed")
        #expect(try b.store.syncCursor() == cursor, "the page stays to be pulled")
        var forced = b.engine(service)
        forced.removalGuard = nil
        let summary = try await forced.sync()
        #expect(summary.removed == 20)
        #expect(try b.store.liveItemCount() == 10)
        #expect(try b.library() == a.library())
    }

    @Test func purgesCountAndSmallRemovalsSyncAsUsual() async throws {
        let service = InMemorySyncService()
        let (a, b, articles) = try await twoDevices(service)
        for article in articles.prefix(5) { try a.store.purge(articleID: article.id) }
        _ = try await a.engine(service).sync()
        let summary = try await b.engine(service).sync()
        #expect(summary.removed == 5, "five purged, under the limit of 15")
        #expect(try b.library() == a.library())
        // A later sync measures against the library it starts with (25 items, a limit of 12):
        // eleven more pass.
        for article in articles[5..<16] { try a.store.trash(articleID: article.id) }
        _ = try await a.engine(service).sync()
        #expect(try await b.engine(service).sync().removed == 11)
        #expect(try b.library() == a.library())
    }

    @Test func theGuardCountsAcrossPagesOfOneSync() async throws {
        let service = InMemorySyncService()
        let (a, b, articles) = try await twoDevices(service)
        // Sixteen trashes in sixteen pushes (so in sixteen pages of one).
        for article in articles.prefix(16) {
            try a.store.trash(articleID: article.id)
            _ = try await a.engine(service).sync()
        }
        await #expect(throws: SyncError.tooManyRemovals(count: 16, library: 30)) { _ = try await b.engine(service, page: 1).sync() }
        #expect(try b.store.liveItemCount() == 15, "fifteen pages applied, the sixteenth stopped")
    }
}
