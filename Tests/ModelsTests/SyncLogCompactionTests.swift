import Foundation
import Testing

@testable import Models

@Suite struct SyncLogCompactionTests {
    let articleID = "01a22157-7a89-79cc-8659-315fc7406a09"
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func device(_ name: String) -> String { SyncLogTests.deviceID(name) }

    func clock(_ millis: Int64, _ device: String) -> HLCTimestamp {
        HLCTimestamp(wallMillis: 1_700_000_000_000 + millis, counter: 0, deviceID: self.device(device))
    }

    func create(at millis: Int64, _ device: String) throws -> Change {
        let article = Article(id: articleID, url: "https://example.com/a", title: "Original", content: "Some text.")
        return Change(
            entity: .article, entityID: articleID, operation: .create, value: try FolioJSON.string(article), timestamp: clock(millis, device))
    }

    func title(_ text: String, at millis: Int64, _ device: String) -> Change {
        Change(entity: .article, entityID: articleID, operation: .update, field: "title", value: "\"\(text)\"", timestamp: clock(millis, device))
    }

    func purge(at millis: Int64, _ device: String) -> Change {
        Change(entity: .article, entityID: articleID, operation: .purge, timestamp: clock(millis, device))
    }

    func push(_ log: inout SyncLog, _ name: String, _ changes: [(Int64, Change)]) -> PushResponse {
        log.push(
            PushRequest(deviceID: device(name), knownEpoch: log.epoch, mutations: changes.map { Mutation(deviceSequence: $0.0, change: $0.1) }),
            now: start)
    }

    /// Every change a device gets by pulling from `cursor` in pages of `limit`.
    func pullAll(_ log: SyncLog, after cursor: String? = nil, limit: Int) -> (changes: [ServerChange], cursor: String) {
        var cursor = cursor
        var all: [ServerChange] = []
        while true {
            let page = log.pull(after: cursor, limit: limit)
            all += page.changes
            cursor = page.cursor
            if !page.hasMore { return (all, page.cursor) }
        }
    }

    @Test func pullsStepOverCompactedGapsAndCursorsStillWork() throws {
        var log = SyncLog(epoch: "e1")
        // One push of the creation and a title, then three more titles, one push each.
        _ = push(&log, "a", [(1, try create(at: 1, "a")), (2, title("One", at: 2, "a"))])
        let early = log.pull(after: nil, limit: 1)  // a cursor from before the compaction
        for (index, text) in ["Two", "Three", "Four"].enumerated() {
            _ = push(&log, "a", [(Int64(3 + index), title(text, at: Int64(3 + index), "a"))])
        }
        let report = log.compactAll(now: start)
        #expect(report.changesDropped == 3)
        #expect(report.changesRewritten == 1)  // the creation, without its title
        #expect(log.changes.map(\.sequence) == [1, 5])
        #expect(log.lastSequence == 5)
        // Every page size gets the same changes, and ends at the log's last sequence.
        for limit in 1...3 {
            let pulled = pullAll(log, limit: limit)
            #expect(pulled.changes.map(\.sequence) == [1, 5])
            #expect(SyncCursor(token: pulled.cursor)?.sequence == 5)
        }
        // The first push's transaction ended on a compacted change: a page still ends there.
        let first = log.pull(after: nil, limit: 1)
        #expect(first.changes.map(\.sequence) == [1])
        #expect(SyncCursor(token: first.cursor)?.sequence == 2)
        #expect(first.hasMore)
        // A cursor that names a compacted sequence resumes after it.
        #expect(pullAll(log, after: early.cursor, limit: 1).changes.map(\.sequence) == [5])
        // What the changes make of the article is what they made before.
        var state = MergeState()
        for stored in log.changes { MergeRules.apply(stored.change, to: &state) }
        #expect(state.article(id: articleID).item?.title == "Four")
        #expect(state.article(id: articleID).item?.content == "Some text.")
        // The log's last change compacted too: the cursor still reaches the end.
        _ = push(&log, "a", [(6, title("Five", at: 6, "a"))])
        _ = push(&log, "b", [(1, title("Six", at: 7, "b"))])
        log.compactAll(now: start)
        #expect(log.changes.map(\.sequence) == [1, 7])
        let last = pullAll(log, after: pullAll(log, limit: 1).cursor, limit: 1)
        #expect(last.changes.isEmpty)
        #expect(SyncCursor(token: last.cursor)?.sequence == 7)
    }

    /// A push whose answer was lost is sent again after its changes were compacted: they are
    /// duplicates (never stored again), and the device is not taken for a restored one.
    @Test func aRetriedPushOfCompactedChangesIsADuplicate() throws {
        var log = SyncLog(epoch: "e1")
        let retried: [(Int64, Change)] = [(1, try create(at: 1, "a")), (2, title("One", at: 2, "a")), (3, title("Two", at: 3, "a"))]
        _ = push(&log, "a", retried)
        log.compactAll(now: start)
        #expect(log.changes.count == 2)
        let again = push(&log, "a", retried + [(4, title("Three", at: 4, "a"))])
        #expect(again.deviceRestored != true)
        #expect(again.results.map(\.status) == [.duplicate, .duplicate, .duplicate, .applied])
        #expect(log.changes.count == 3)
        // Under another device sequence (a device that did not hear back), still once.
        let other = push(&log, "a", [(5, title("One", at: 2, "a"))])
        #expect(other.results.map(\.status) == [.duplicate])
        #expect(log.changes.count == 3)
    }

    /// A purged article keeps only its tombstone once every device seen within the horizon
    /// has pulled past the purge with nothing left to push; an unseen device stops holding
    /// it back after the horizon, a forgotten one at once.
    @Test func aPurgeIsCompactedOnceEveryCurrentDeviceAcknowledgedIt() throws {
        var log = SyncLog(epoch: "e1")
        _ = push(&log, "a", [(1, try create(at: 1, "a")), (2, title("One", at: 2, "a"))])
        _ = push(&log, "b", [(1, title("Two", at: 3, "b"))])
        _ = push(&log, "a", [(3, purge(at: 4, "a"))])
        #expect(log.compactAll(now: start).changesDropped == 1)  // "One": superseded
        #expect(log.changes.count == 3)
        // Device a pulls to the end with nothing left to push; b has not pulled yet.
        let end = pullAll(log, limit: 10).cursor
        log.recordPull(after: end, device: device("a"), deviceSequence: 3, now: start)
        #expect(log.compactAll(now: start).changesDropped == 0)
        #expect(log.changes.count == 3)
        // b pulls, but has a change of its own it has not pushed: not an acknowledgement.
        log.recordPull(after: end, device: device("b"), deviceSequence: 2, now: start)
        #expect(log.compactAll(now: start).changesDropped == 0)
        // A day later b has still not come back: it holds compaction back until the horizon.
        let later = start.addingTimeInterval(SyncLog.defaultHorizon + 1)
        log.recordPull(after: end, device: device("a"), deviceSequence: 3, now: later)
        var horizonLog = log
        #expect(horizonLog.compactAll(now: start.addingTimeInterval(3600)).changesDropped == 0)
        #expect(horizonLog.compactAll(now: later).changesDropped == 2)
        #expect(horizonLog.changes.map(\.change.operation) == [.purge])
        // Forgotten, b holds nothing back.
        log.forget(device: device("b"))
        #expect(log.compactAll(now: start).changesDropped == 2)
        #expect(log.changes.map(\.change.operation) == [.purge])
        #expect(log.essentialDigest() == horizonLog.essentialDigest())
    }

    /// The digest of what the items are now is the same before and after compaction, and the
    /// same for a device that holds every change and a server that compacted them.
    @Test func theEssentialDigestDoesNotChangeWithCompaction() throws {
        var log = SyncLog(epoch: "e1")
        var all: [Change] = [try create(at: 1, "a")]
        _ = push(&log, "a", [(1, all[0])])
        for index in 2...20 {
            let change = title("T\(index)", at: Int64(index), index.isMultiple(of: 2) ? "a" : "b")
            all.append(change)
            _ = push(&log, index.isMultiple(of: 2) ? "a" : "b", [(Int64(index), change)])
        }
        let before = log.essentialDigest()
        #expect(before.articles.count == 2)  // the creation (its other fields) and the last title
        let report = log.compactAll(now: start)
        #expect(report.changesDropped == 18)
        #expect(report.bytesFreed > 0)
        #expect(log.essentialDigest() == before)
        #expect(LibraryDigest.essentials(of: all).digest(sequence: log.lastSequence) == before)
        // The digest of every change held, by contrast, follows the compaction.
        #expect(log.digest().articles.count == 2)
    }

    /// Compaction after pushes goes a few items at a time.
    @Test func compactionRunsInBoundedSteps() throws {
        var log = SyncLog(epoch: "e1")
        for index in 1...5 {
            let id = EntityID.make()
            let changes = (0..<3).map { step in
                Change(
                    entity: .article, entityID: id, operation: .update, field: "title", value: "\"T\(step)\"",
                    timestamp: clock(Int64(index * 10 + step), "a"))
            }
            _ = push(&log, "a", changes.enumerated().map { (Int64(index * 10 + $0.offset), $0.element) })
        }
        // The device holds everything: what is left of each item after one look is final.
        log.recordPull(after: pullAll(log, limit: 100).cursor, device: device("a"), deviceSequence: 52, now: start)
        let first = log.compact(now: start, itemLimit: 2)
        #expect(first.itemsExamined == 2)
        #expect(first.changesDropped == 4)
        #expect(first.itemsPending == 3)
        var total = first
        while log.compact(now: start, itemLimit: 2).itemsExamined > 0 {}
        total.changesDropped = 15 - log.changes.count
        #expect(total.changesDropped == 10)
        #expect(log.compact(now: start, itemLimit: 2) == CompactionReport())
    }
}
