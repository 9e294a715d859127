import Foundation
import Models
import Storage
import Testing

@testable import Sync

/// The next page is asked for while the engine applies the one before it (`PrefetchedPull`):
/// such a pull acknowledges nothing, and a sync that stops leaves none of its pulls running.
@Suite struct PrefetchTests {
    /// A server that answers as `inner` does, except the pull numbered `held`, which waits
    /// until it is cancelled; it notes how each pull was asked and how many ended.
    actor Recording: SyncService {
        let inner: InMemorySyncService
        let held: Int?
        private(set) var acknowledging: [Bool] = []
        private(set) var ended = 0
        private var open: AsyncStream<Int>.Continuation?

        init(_ inner: InMemorySyncService, holding held: Int? = nil) {
            self.inner = inner
            self.held = held
        }

        func push(_ request: PushRequest) async -> PushResponse { await inner.push(request) }

        func pull(after cursor: String?, limit: Int, order: PullOrder, acknowledging: Bool) async throws -> PullResponse {
            self.acknowledging.append(acknowledging)
            defer { ended += 1 }
            if self.acknowledging.count == held {
                // A stream kept open never yields; waiting on it ends when the task is cancelled.
                let (stream, continuation) = AsyncStream<Int>.makeStream()
                open = continuation
                for await _ in stream {}
                try Task.checkCancellation()
            }
            return await inner.pull(after: cursor, limit: limit, order: order)
        }
    }

    /// Sixteen pages of one change: the first pull of the sync acknowledges its cursor, the
    /// fifteen asked ahead do not, and the device ends with everything.
    @Test func pullsAskedAheadAcknowledgeNothing() async throws {
        let service = InMemorySyncService()
        let (a, b) = (try Device(), try Device())
        for index in 0..<16 {
            try a.store.add(Article(title: "Article \(index)", content: "Text \(index)."))
            _ = try await a.engine(service).sync()
        }
        let recording = Recording(service)
        let summary = try await b.engine(recording, page: 1).sync()
        #expect(summary.pulled == 16)
        #expect(try b.library() == a.library())
        #expect(await recording.acknowledging == [true] + Array(repeating: false, count: 15))
    }

    /// The removal guard stops the sync at its sixteenth page, while the seventeenth is being
    /// asked for: that pull is cancelled and has ended when the sync returns.
    @Test func aSyncThatStopsLeavesNoPullRunning() async throws {
        let service = InMemorySyncService()
        let (a, b) = (try Device(), try Device())
        let articles = (0..<30).map { Article(title: "Article \($0)", content: "Text \($0).") }
        for article in articles { try a.store.add(article) }
        _ = try await a.engine(service).sync()
        _ = try await b.engine(service).sync()
        for article in articles.prefix(17) {
            try a.store.trash(articleID: article.id)
            _ = try await a.engine(service).sync()
        }
        let recording = Recording(service, holding: 17)
        await #expect(throws: SyncError.tooManyRemovals(count: 16, library: 30)) { _ = try await b.engine(recording, page: 1).sync() }
        #expect(await recording.acknowledging.count == 17)
        #expect(await recording.ended == 17, "the pull asked ahead ended before the sync returned")
        #expect(try b.store.liveItemCount() == 15)
    }
}
