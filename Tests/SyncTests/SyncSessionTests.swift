import Models
import Testing

@testable import Sync

/// The decisions of a sync on plain values: events in, actions out (`SyncSession`).
@Suite struct SyncSessionTests {
    static let device = "01900000-0000-7000-8000-0000000000d1"
    static let epoch = "01900000-0000-7000-8000-00000000e001"

    static func change(_ sequence: Int64, bytes: Int = 10) -> Change {
        var change = Change(
            entity: .article, entityID: "01900000-0000-7000-8000-0000000001\(String(format: "%02d", sequence))", operation: .update,
            field: "title", value: "\"" + String(repeating: "x", count: bytes) + "\"",
            timestamp: HLCTimestamp(wallMillis: 1_750_000_000_000 + sequence, counter: 0, deviceID: device))
        change.sequence = sequence
        return change
    }

    static func page(_ count: Int, after start: Int64 = 0, hasMore: Bool = false) -> PullResponse {
        PullResponse(
            changes: (1...max(1, count)).prefix(count).map { ServerChange(sequence: start + Int64($0), change: change(Int64($0) + 50)) },
            cursor: SyncCursor(epoch: epoch, sequence: start + Int64(count)).token, hasMore: hasMore)
    }

    static func applied(_ changes: [Change]) -> PushResponse {
        PushResponse(results: changes.map { MutationResult(deviceSequence: $0.sequence, status: .applied) }, epoch: epoch)
    }

    /// A session with nothing to push that has begun its pull at `cursor`, holding `library` items.
    static func pulling(from cursor: String, library: Int) -> SyncSession {
        var session = SyncSession()
        _ = session.start()
        _ = session.received(.device(id: device, unsynced: 0))
        _ = session.received(.batch([], cursor: cursor))
        _ = session.received(.pullBegan(cursor: cursor, library: library))
        return session
    }

    static let matching = LibraryDigest(articles: .init(count: 3, hash: "00000000000000aa"), sequence: 3)

    /// Pushes three changes, pulls one page, digests match.
    @Test func aWholeSyncStepByStep() {
        var session = SyncSession()
        #expect(session.start() == .readDevice)
        #expect(session.received(.device(id: Self.device, unsynced: 3)) == .readBatch(limit: 500))
        let changes = (1...3).map { Self.change($0) }
        let push = session.received(.batch(changes, cursor: nil))
        guard case .push(let request) = push else {
            Issue.record("expected a push, got \(push)")
            return
        }
        #expect(request.deviceID == Self.device)
        #expect(request.knownEpoch == nil)
        #expect(request.mutations.map(\.deviceSequence) == [1, 2, 3])
        // The first push remembers the server's epoch before marking the changes pushed.
        let startOfLog = SyncCursor(epoch: Self.epoch, sequence: 0).token
        #expect(session.received(.pushed(Self.applied(changes))) == .recordPush(refused: [], pushedThrough: 3, cursor: startOfLog))
        #expect(session.received(.recorded) == .report(.pushing(done: 3, total: 3)))
        #expect(session.received(.reported) == .readBatch(limit: 500))
        #expect(session.received(.batch([], cursor: startOfLog)) == .beginPull)
        #expect(session.received(.pullBegan(cursor: startOfLog, library: 3)) == .pull(after: startOfLog, limit: 500))
        let page = Self.page(3)
        #expect(session.received(.pulled(page)) == .apply(page, removalLimit: 10))
        #expect(session.received(.applied(removed: 0, changed: 3)) == .report(.pulling(done: 3)))
        #expect(session.received(.reported) == .compareDigests)
        let finish = session.received(.digests(unsynced: 0, server: Self.matching, cursor: page.cursor, local: Self.matching))
        var expected = SyncSummary()
        expected.pushed = 3
        expected.pulled = 3
        expected.merged = 3
        expected.digest = .match
        #expect(finish == .finish(expected))
    }

    /// A pull whose page asked the device to rejoin goes over the log once more after its last
    /// page: the changes the server stored again for the rejoin come after that page (seed
    /// 738752). Once a sync: a second page that asks again does not make a third pass.
    @Test func aPullThatRejoinedPullsOnceMore() {
        var session = Self.pulling(from: SyncCursor(epoch: Self.epoch, sequence: 0).token, library: 3)
        var asking = Self.page(2)
        asking.rejoin = true
        #expect(session.received(.pulled(asking)) == .apply(asking, removalLimit: 10))
        #expect(session.received(.applied(removed: 0, changed: 2)) == .report(.pulling(done: 2)))
        #expect(session.received(.reported) == .pull(after: asking.cursor, limit: 500), "once more after the rejoin")
        var again = Self.page(3, after: 2)
        again.rejoin = true
        _ = session.received(.pulled(again))
        _ = session.received(.applied(removed: 0, changed: 3))
        #expect(session.received(.reported) == .compareDigests)
    }

    /// A device that holds nothing and never pulled asks for the log by item (its pages are
    /// applied in bulk); one that holds items, or a cursor, asks in the log's order.
    @Test func onlyADeviceWithNothingAsksForTheLogByItem() {
        for (cursor, library, order) in [
            (nil, 0, PullOrder.item), (nil, 2, .log), (SyncCursor(epoch: Self.epoch, sequence: 0).token, 0, .log),
        ] as [(String?, Int, PullOrder)] {
            var session = SyncSession()
            _ = session.start()
            _ = session.received(.device(id: Self.device, unsynced: 0))
            #expect(session.received(.batch([], cursor: cursor)) == .beginPull)
            #expect(session.received(.pullBegan(cursor: cursor, library: library)) == .pull(after: cursor, limit: 500, order: order))
        }
    }

    @Test func aServerResetMetWhilePushingSendsTheWholeLogAgain() {
        var session = SyncSession()
        _ = session.start()
        _ = session.received(.device(id: Self.device, unsynced: 2))
        let cursor = SyncCursor(epoch: "old-epoch", sequence: 40).token
        guard case .push(let request) = session.received(.batch([Self.change(5)], cursor: cursor)) else {
            Issue.record("expected a push")
            return
        }
        #expect(request.knownEpoch == "old-epoch")
        #expect(session.received(.pushed(PushResponse(results: [], epoch: Self.epoch, epochChanged: true))) == .restartSync)
        #expect(session.received(.device(id: Self.device, unsynced: 5)) == .readBatch(limit: 500))
        guard case .push(let again) = session.received(.batch((1...5).map { Self.change($0) }, cursor: nil)) else {
            Issue.record("expected a push")
            return
        }
        #expect(again.knownEpoch == nil)
        #expect(again.mutations.count == 5)
        #expect(session.summary.serverWasReset)
    }

    @Test func aRestoredDeviceMetOnPullContinuesAsANewDeviceAndPullsFromTheStart() {
        let cursor = SyncCursor(epoch: Self.epoch, sequence: 9).token
        var session = Self.pulling(from: cursor, library: 4)
        let restored = PullResponse(changes: [], cursor: cursor, hasMore: false, deviceRestored: true)
        #expect(session.received(.pulled(restored)) == .continueAsNewDevice)
        #expect(session.received(.device(id: "01900000-0000-7000-8000-0000000000d2", unsynced: 0)) == .readBatch(limit: 500))
        // Nothing to push: the pull goes on from the start of the log, keeping what it knew.
        #expect(session.received(.batch([], cursor: nil)) == .pull(after: nil, limit: 500))
        #expect(session.summary.deviceWasRestored)
    }

    @Test func theRemovalGuardCountsAcrossPages() {
        var session = SyncSession(pullPageSize: 2)
        _ = session.start()
        _ = session.received(.device(id: Self.device, unsynced: 0))
        _ = session.received(.batch([], cursor: nil))
        _ = session.received(.pullBegan(cursor: nil, library: 30))
        let first = Self.page(2, hasMore: true)
        #expect(session.received(.pulled(first)) == .apply(first, removalLimit: 15))
        _ = session.received(.applied(removed: 10, changed: 10))
        #expect(session.received(.reported) == .pull(after: first.cursor, limit: 2))
        let second = Self.page(2, after: 2, hasMore: true)
        #expect(session.received(.pulled(second)) == .apply(second, removalLimit: 5))
        #expect(session.received(.tooManyRemovals(count: 6)) == .fail(.tooManyRemovals(count: 16, library: 30)))
    }

    @Test func withoutAGuardEveryPageIsApplied() {
        var session = SyncSession(removalGuard: nil)
        _ = session.start()
        _ = session.received(.device(id: Self.device, unsynced: 0))
        _ = session.received(.batch([], cursor: nil))
        _ = session.received(.pullBegan(cursor: nil, library: 30))
        let page = Self.page(1)
        #expect(session.received(.pulled(page)) == .apply(page, removalLimit: nil))
    }

    @Test(arguments: [false, true])
    func aDifferenceIsRepairedOnlyWhenAsked(repair: Bool) {
        var session = SyncSession(repair: repair)
        _ = session.start()
        _ = session.received(.device(id: Self.device, unsynced: 0))
        _ = session.received(.batch([], cursor: nil))
        _ = session.received(.pullBegan(cursor: nil, library: 3))
        let page = Self.page(3)
        _ = session.received(.pulled(page))
        _ = session.received(.applied(removed: 0, changed: 0))
        _ = session.received(.reported)
        let other = LibraryDigest(articles: .init(count: 2, hash: "00000000000000bb"), sequence: 3)
        let compared = session.received(.digests(unsynced: 0, server: Self.matching, cursor: page.cursor, local: other))
        guard repair else {
            guard case .finish(let summary) = compared else {
                Issue.record("expected the end, got \(compared)")
                return
            }
            #expect(summary.digest == .differs)
            return
        }
        #expect(compared == .restartPull)
        #expect(session.received(.recorded) == .beginPull)
        #expect(session.received(.pullBegan(cursor: nil, library: 3)) == .pull(after: nil, limit: 500))
        _ = session.received(.pulled(page))
        _ = session.received(.applied(removed: 0, changed: 0))
        _ = session.received(.reported)
        let after = session.received(.digests(unsynced: 0, server: Self.matching, cursor: page.cursor, local: other))
        guard case .finish(let summary) = after else {
            Issue.record("expected the end, got \(after)")
            return
        }
        #expect(summary.digest == .differsAfterRepair)
        #expect(summary.pulled == 6)
    }

    @Test func digestsAreComparedOnlyWhenTheyCanBe() {
        let cursor = SyncCursor(epoch: Self.epoch, sequence: 3).token
        #expect(SyncSession.compare(unsynced: 0, server: Self.matching, cursor: cursor, local: Self.matching) == .match)
        #expect(SyncSession.compare(unsynced: 1, server: Self.matching, cursor: cursor, local: Self.matching) == .skipped)
        #expect(SyncSession.compare(unsynced: 0, server: nil, cursor: cursor, local: Self.matching) == .skipped)
        let behind = SyncCursor(epoch: Self.epoch, sequence: 2).token
        #expect(SyncSession.compare(unsynced: 0, server: Self.matching, cursor: behind, local: Self.matching) == .skipped)
    }

    @Test func aChangeTooLargeForAnyServerIsSetAsideUnsentAndBlocksNothing() {
        var session = SyncSession()
        _ = session.start()
        _ = session.received(.device(id: Self.device, unsynced: 2))
        let huge = Self.change(1, bytes: ChangeValidation.maximumValueBytes + 1)
        // Alone in its batch (it is over the batch's byte budget): set aside, nothing sent.
        let alone = session.received(.batch([huge, Self.change(2)], cursor: nil))
        guard case .recordPush(let refused, 1, nil) = alone else {
            Issue.record("expected the huge change set aside, got \(alone)")
            return
        }
        #expect(refused.map(\.sequence) == [1])
        #expect(session.received(.recorded) == .readBatch(limit: 500))
        // The next one is pushed.
        guard case .push(let request) = session.received(.batch([Self.change(2)], cursor: nil)) else {
            Issue.record("expected a push")
            return
        }
        #expect(request.mutations.map(\.deviceSequence) == [2])
        #expect(session.summary.rejected == 1)
    }

    @Test func refusalsAreSetAsideWithTheirReasons() {
        var session = SyncSession()
        _ = session.start()
        _ = session.received(.device(id: Self.device, unsynced: 2))
        let cursor = SyncCursor(epoch: Self.epoch, sequence: 0).token
        _ = session.received(.batch([Self.change(1), Self.change(2)], cursor: cursor))
        let answer = PushResponse(
            results: [
                MutationResult(deviceSequence: 1, status: .duplicate),
                MutationResult(deviceSequence: 2, status: .rejected, reason: "starred must be true or false"),
            ], epoch: Self.epoch)
        #expect(
            session.received(.pushed(answer))
                == .recordPush(refused: [.init(sequence: 2, reason: "starred must be true or false")], pushedThrough: 2, cursor: nil))
        #expect(session.summary.duplicates == 1)
        #expect(session.summary.rejected == 1)
    }
}
