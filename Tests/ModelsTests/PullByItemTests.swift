import Foundation
import Testing

@testable import Models

/// Pulls by item (`PullOrder.item`, docs/sync-protocol.md "Initial pull by item"): pages in the
/// order of each item's last change, every item whole in one page, a cursor that resumes in
/// that order and becomes the log's own at its end, and nothing lost to pushes or compaction
/// between pages.
@Suite struct PullByItemTests {
    static let devices = ["a", "b"].map(SyncLogTests.deviceID)
    static let items = (0..<6).map { "01900000-0000-7000-8000-0000000002\(String(format: "%02d", $0))" }

    static func title(of item: Int, at wall: Int64, device: Int = 0) -> Change {
        Change(
            entity: item % 3 == 2 ? .note : .article, entityID: items[item], operation: .update, field: "title", value: "\"T\(wall)\"",
            timestamp: HLCTimestamp(wallMillis: 1_750_000_000_000 + wall, counter: 0, deviceID: devices[device]))
    }

    /// A log of one push per change, of the items `order` names, in that order.
    static func log(_ order: [Int]) -> SyncLog {
        var log = SyncLog(epoch: "e1")
        for (index, item) in order.enumerated() {
            let sequence = Int64(index + 1)
            _ = log.push(
                PushRequest(deviceID: devices[0], mutations: [Mutation(deviceSequence: sequence, change: title(of: item, at: sequence))]))
        }
        return log
    }

    @Test func eachItemComesWholeInTheOrderOfItsLastChange() throws {
        // Items 0, 1, 0, 3, 1: the last changes are 3 (item 0), 4 (item 3) and 5 (item 1).
        let log = Self.log([0, 1, 0, 3, 1])
        let first = log.pull(after: nil, limit: 1, order: .item)
        #expect(first.changes.map(\.sequence) == [1, 3])
        #expect(first.hasMore)
        #expect(SyncCursor(token: first.cursor) == SyncCursor(epoch: "e1", sequence: 3, byItem: true))
        // The cursor keeps the order; the order asked for no longer matters.
        let second = log.pull(after: first.cursor, limit: 1, order: .log)
        #expect(second.changes.map(\.sequence) == [4])
        let third = log.pull(after: second.cursor, limit: 1)
        #expect(third.changes.map(\.sequence) == [2, 5])
        #expect(!third.hasMore)
        #expect(SyncCursor(token: third.cursor) == SyncCursor(epoch: "e1", sequence: 5), "the log's own cursor at its end")
        #expect(log.pull(after: third.cursor, limit: 1).changes.isEmpty)
        // The limit counts items: two of them, whatever their changes.
        let two = log.pull(after: nil, limit: 2, order: .item)
        #expect(two.changes.map(\.sequence) == [1, 3, 4])
        #expect(SyncCursor(token: two.cursor) == SyncCursor(epoch: "e1", sequence: 4, byItem: true))
    }

    @Test func anItemComesWholeHoweverManyChangesItHas() {
        let log = Self.log([0, 0, 0, 0, 1])
        let first = log.pull(after: nil, limit: 1, order: .item)
        #expect(first.changes.map(\.sequence) == [1, 2, 3, 4])
        let second = log.pull(after: first.cursor, limit: 1)
        #expect(second.changes.map(\.sequence) == [5])
        #expect(!second.hasMore)
    }

    @Test func pagesByItemStopAtTheirLimitAndByteBudget() {
        let items = (1...5).map { PageBoundary.Item(last: Int64($0 * 10), bytes: 100) }
        #expect(PageBoundary.end(ofItems: items, limit: 2, byteBudget: 1000) == 20)
        #expect(PageBoundary.end(ofItems: items, limit: 5, byteBudget: 1000) == 50)
        #expect(PageBoundary.end(ofItems: items, limit: 100, byteBudget: 350) == 30)
        #expect(PageBoundary.end(ofItems: items, limit: 1, byteBudget: 10) == 10, "at least one item, whole")
        #expect(PageBoundary.end(ofItems: [PageBoundary.Item(last: 7, bytes: 5000)], limit: 3, byteBudget: 10) == 7)
        #expect(PageBoundary.end(ofItems: [], limit: 5) == nil)
    }

    @Test func aCursorInTheLogsOrderKeepsIt() {
        let log = Self.log([0, 1, 0, 3, 1])
        let first = log.pull(after: nil, limit: 1)
        let second = log.pull(after: first.cursor, limit: 10, order: .item)
        #expect(second.changes.map(\.sequence) == [2, 3, 4, 5])
    }

    /// A device in the middle of a pull by item holds whole items, not every change up to its
    /// cursor's sequence: the server takes no acknowledgement from it until the pull's end.
    @Test func aPullByItemAcknowledgesNothingUntilItsEnd() {
        var log = Self.log([0, 1, 0, 3, 1])
        let first = log.pull(after: nil, limit: 2, order: .item)
        let device = SyncLogTests.deviceID("c")
        #expect(ServerCompaction.acknowledgement(after: first.cursor, epoch: "e1", newest: 5, deviceSequence: 0, lastProcessed: 0) == nil)
        log.recordPull(after: first.cursor, device: device, deviceSequence: 0)
        #expect(log.devices[device]?.acknowledged == 0)
        let last = log.pull(after: first.cursor, limit: 10)
        log.recordPull(after: last.cursor, device: device, deviceSequence: 0)
        #expect(log.devices[device]?.acknowledged == 5)
    }

    /// Seeded logs of two devices, pushes and compaction between the pages of a pull by item, of
    /// random limits, sometimes leaving one device's changes out: each page holds every change
    /// the log holds of each of its items, and a device that pulls by item from the start, then
    /// in the log's order after the cursor it ends with, holds every change the log holds.
    @Test(arguments: 1...60 as ClosedRange<UInt64>)
    func pushesAndCompactionDuringAPullByItemLoseNothing(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var log = SyncLog(epoch: "e1")
        var wall: Int64 = 0
        var nextSequence: [Int64] = [1, 1]
        func pushSome() {
            for _ in 0..<Int(1 + random.next() % 3) {
                let device = Int(random.next() % 2)
                let mutations = (0..<Int(1 + random.next() % 4)).map { _ in
                    wall += 1
                    defer { nextSequence[device] += 1 }
                    return Mutation(
                        deviceSequence: nextSequence[device],
                        change: Self.title(of: Int(random.next() % UInt64(Self.items.count)), at: wall, device: device))
                }
                _ = log.push(PushRequest(deviceID: Self.devices[device], mutations: mutations))
            }
        }
        pushSome()
        pushSome()
        let excluded = random.next() % 3 == 0 ? Self.devices[1] : nil
        func sent(_ change: Change) -> Bool { !SyncRules.isOwn(change.timestamp, device: excluded) }
        var held = Set<HLCTimestamp>()
        var cursor: String?
        var pages = 0
        repeat {
            let page = log.pull(after: cursor, limit: Int(1 + random.next() % 5), excludingDevice: excluded, order: .item)
            pages += 1
            #expect(!page.epochChanged)
            let itemsOfPage = Set(page.changes.map(\.change.entityID))
            for id in itemsOfPage {
                #expect(
                    page.changes.filter { $0.change.entityID == id }.map(\.change.timestamp)
                        == log.changes.filter { $0.change.entityID == id && sent($0.change) }.map(\.change.timestamp),
                    "seed \(seed), page \(pages): item \(id) whole")
            }
            held.formUnion(page.changes.map(\.change.timestamp))
            cursor = page.cursor
            if !page.hasMore { break }
            if random.next() % 2 == 0 { pushSome() }
            if random.next() % 3 == 0 { log.compact(itemLimit: Int(random.next() % 4)) }
        } while pages < 1000
        let end = try #require(SyncCursor(token: cursor ?? ""))
        #expect(!end.byItem)
        let rest = log.pull(after: cursor, limit: 5000, excludingDevice: excluded)
        held.formUnion(rest.changes.map(\.change.timestamp))
        let missing = log.changes.filter { sent($0.change) && !held.contains($0.change.timestamp) }
        #expect(missing.isEmpty, "seed \(seed): \(missing.count) changes never sent")
    }
}
