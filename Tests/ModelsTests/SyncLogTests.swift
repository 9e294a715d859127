import Foundation
import Testing

@testable import Models

@Suite struct SyncLogTests {
    /// A device id for a short name ("a" → `…00000000000a`): the server accepts only ids.
    static func deviceID(_ name: String) -> String {
        "01900000-0000-7000-8000-" + String(repeating: "0", count: 12 - name.utf8.count) + name
    }

    func change(_ index: Int, device: String = "a") -> Change {
        Change(
            entity: .article, entityID: EntityID.make(), operation: .update, field: "title", value: "\"T\(index)\"",
            timestamp: HLCTimestamp(wallMillis: Int64(1000 + index), counter: 0, deviceID: Self.deviceID(device)))
    }

    @Test func cursorsRoundTripAndRejectGarbage() {
        let cursor = SyncCursor(epoch: "01a2-epoch", sequence: 42)
        #expect(SyncCursor(token: cursor.token) == cursor)
        #expect(SyncCursor(token: "not a cursor") == nil)
        #expect(SyncCursor(token: "") == nil)
        #expect(!cursor.token.contains("="))
    }

    @Test func sequencesAreGapFreeAndPagesEndWhereTheNextBegins() {
        var log = SyncLog(epoch: "e1")
        // Five pushes of one change each.
        for index in 1...5 {
            let response = log.push(PushRequest(deviceID: "a", mutations: [Mutation(deviceSequence: Int64(index), change: change(index))]))
            #expect(response.results.map(\.status) == [.applied])
        }
        #expect(log.changes.map(\.sequence) == [1, 2, 3, 4, 5])
        let first = log.pull(after: nil, limit: 2)
        #expect(first.changes.map(\.sequence) == [1, 2])
        #expect(first.hasMore)
        let second = log.pull(after: first.cursor, limit: 2)
        #expect(second.changes.map(\.sequence) == [3, 4])
        let last = log.pull(after: second.cursor, limit: 2)
        #expect(last.changes.map(\.sequence) == [5])
        #expect(!last.hasMore)
        #expect(log.pull(after: last.cursor, limit: 2).changes.isEmpty)
    }

    @Test func pagesEndOnPushTransactions() {
        var log = SyncLog(epoch: "e1")
        _ = log.push(PushRequest(deviceID: "a", mutations: (1...3).map { Mutation(deviceSequence: Int64($0), change: change($0)) }))
        _ = log.push(PushRequest(deviceID: "b", mutations: (4...5).map { Mutation(deviceSequence: Int64($0), change: change($0)) }))
        let first = log.pull(after: nil, limit: 2)
        #expect(first.changes.map(\.sequence) == [1, 2, 3], "the whole first push, though the limit is 2")
        #expect(first.hasMore)
        let second = log.pull(after: first.cursor, limit: 1)
        #expect(second.changes.map(\.sequence) == [4, 5])
        #expect(!second.hasMore)
    }

    /// A transaction stored before pushes were capped (one held 250,000 changes) no longer
    /// makes every page hold all of it: pages are cut inside it, and resume where they stopped.
    @Test func aHugeOldTransactionIsCutIntoPagesThatResume() {
        var log = SyncLog(epoch: "e1")
        let count = Int(PageBoundary.maximumRunOn) * 2 + 300
        _ = log.push(PushRequest(deviceID: "a", mutations: (1...count).map { Mutation(deviceSequence: Int64($0), change: change($0)) }))
        var cursor: String?
        var seen: [Int64] = []
        var pages = 0
        repeat {
            let page = log.pull(after: cursor, limit: 500)
            #expect(page.changes.count <= 500 + Int(PageBoundary.maximumRunOn))
            seen += page.changes.map(\.sequence)
            cursor = page.cursor
            pages += 1
            if !page.hasMore { break }
        } while pages < 1_000
        #expect(seen == (1...Int64(count)).map { $0 }, "every change once, in order")
        #expect(pages > 2)
        // Near its end, a page still runs on to the end of the transaction.
        let entries = (1...10).map { PageBoundary.Entry(sequence: Int64($0), transactionEnd: 10 + PageBoundary.maximumRunOn, bytes: 1) }
        #expect(PageBoundary.end(of: Array(entries.prefix(5))) == 5, "more than a push's worth to run on: cut")
        #expect(
            PageBoundary.end(of: [PageBoundary.Entry(sequence: 1, transactionEnd: 1 + PageBoundary.maximumRunOn, bytes: 1)]) == 1
                + PageBoundary.maximumRunOn)
    }

    @Test func pagesStopNearTheirByteBudget() {
        let entries = (1...10).map { PageBoundary.Entry(sequence: Int64($0), transactionEnd: nil, bytes: 100) }
        #expect(PageBoundary.end(of: entries, byteBudget: 350) == 3)
        #expect(PageBoundary.end(of: entries, byteBudget: 10) == 1, "at least one change")
        #expect(PageBoundary.end(of: [], byteBudget: 10) == nil)
        var inTransaction = entries
        inTransaction[2].transactionEnd = 7
        #expect(PageBoundary.end(of: inTransaction, byteBudget: 350) == 7, "on to the end of the last change's push")
    }

    @Test func retriedAndInvalidMutationsAreAnsweredConsistently() {
        var log = SyncLog(epoch: "e1")
        var bad = change(2)
        bad.entityID = "not-an-id"
        let request = PushRequest(
            deviceID: "a",
            mutations: [
                Mutation(deviceSequence: 1, change: change(1)), Mutation(deviceSequence: 2, change: bad),
                Mutation(deviceSequence: 3, change: change(3)),
            ])
        #expect(log.push(request).results.map(\.status) == [.applied, .rejected, .applied])
        #expect(log.push(request).results.map(\.status) == [.duplicate, .rejected, .duplicate])
        #expect(log.changes.count == 2)
    }

    @Test func anotherEpochIsNamedOnPushAndPull() {
        var log = SyncLog(epoch: "e1")
        _ = log.push(PushRequest(deviceID: "a", mutations: [Mutation(deviceSequence: 1, change: change(1))]))
        let cursor = log.pull(after: nil, limit: 10).cursor
        log.reset(epoch: "e2")
        let pushed = log.push(PushRequest(deviceID: "a", knownEpoch: "e1", mutations: [Mutation(deviceSequence: 2, change: change(2))]))
        #expect(pushed.epochChanged)
        #expect(log.changes.isEmpty, "nothing applied under the wrong epoch")
        #expect(log.pull(after: cursor, limit: 10).epochChanged)
    }
}
