import Foundation
import GRDB
import Models

extension Store {
    /// Compacts the change log of up to `itemLimit` items (the next ones after where the last
    /// call stopped, by id, round and round): drops and shrinks what can no longer change any
    /// item (`CompactionRules`), so every item rebuilds the same. A change is settled when its
    /// bound (a sequence the server's number for it is at or below) is at or below the settled
    /// sequence the page that ended the last pull came with (docs/sync-protocol.md, "Note
    /// versions on devices"); nothing is settled before a server says so. What stays sure:
    ///
    /// - a change not yet pushed (or refused) is never touched;
    /// - a pushed change of this device goes only when a change of this device supersedes it:
    ///   a server that lost its data gets this device's whole log again (epochs), and the
    ///   superseding change with it;
    /// - a merged change from another device goes when any known change supersedes it.
    ///
    /// The clocks of the dropped changes are kept (`CompactedClocks`): a page that brings one
    /// again stores nothing, and the digest of every change known still counts them.
    @discardableResult
    package func compact(itemLimit: Int = .max) throws(StoreError) -> CompactionReport {
        try write { db, _ in
            var report = CompactionReport()
            let after = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'compactionCursor'") ?? ""
            let items = try Self.itemsToCompact(db, after: after, limit: max(0, min(itemLimit, Int(Int32.max))))
            let pushedThrough = try Self.pushedThrough(db)
            let settled = try Self.settledSequence(db)
            var dropped = LibraryDigest.Tally()
            for item in items {
                report.add(try Self.compactItem(db, item, pushedThrough: pushedThrough, settledSequence: settled, dropped: &dropped))
            }
            try CompactedClocks.addToDigest(db, dropped)
            let reachedEnd = items.count < itemLimit
            try Self.setMeta(db, "compactionCursor", reachedEnd ? nil : items.last?.id)
            return report
        }
    }

    /// The settled sequence the page that ended the last pull came with, as far as this
    /// device holds the log (`applyRemote(…endsPull:)`); nil before a server said so.
    static func settledSequence(_ db: Database) throws -> Int64? {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'settled'").flatMap { Int64($0) }
    }

    /// Compacts, before a page is stored, each item it brings back: an item purged here, whose
    /// purge was settled (`settled`: what the pull before this page said, when this device held
    /// everything the log held), that the page holds a later write of. Every change on the page
    /// was pushed after the purge was settled, and only a device the server stopped waiting for
    /// can write after that: it brings the item back as it held it (docs/sync-protocol.md, "A
    /// device that comes back"), while the server and every device that compacted the item
    /// since kept only the purge (rule 5). A device whose compaction step had not reached the
    /// item yet still held its earlier changes, and with them would show the item otherwise
    /// than every other device.
    static func compactItemsBroughtBack(_ changes: [Change], settled: Int64?, _ db: Database) throws {
        guard let settled else { return }
        var latest: [ItemKey: HLCTimestamp] = [:]
        for change in changes where change.operation != .purge {
            let item = ItemKey(change)
            latest[item] = max(latest[item] ?? change.timestamp, change.timestamp)
        }
        guard !latest.isEmpty else { return }
        let purgedAt = try db.cachedStatement(
            sql: """
                SELECT max(timestamp) FROM (SELECT timestamp FROM remoteChange WHERE entityID = ?1 AND operation = 'purge'
                UNION ALL SELECT timestamp FROM change WHERE entityID = ?1 AND operation = 'purge')
                """)
        let pushedThrough = try Self.pushedThrough(db)
        var dropped = LibraryDigest.Tally()
        for (item, clock) in latest.sorted(by: { $0.key.id < $1.key.id }) {
            guard let purge = try String.fetchOne(purgedAt, arguments: [item.id]).flatMap(HLCTimestamp.init), purge < clock else { continue }
            _ = try compactItem(db, item, pushedThrough: pushedThrough, settledSequence: settled, dropped: &dropped)
        }
        try CompactedClocks.addToDigest(db, dropped)
    }

    /// Merges the search index into one segment (FTS5's `optimize`), rebuilds the database
    /// file without its free pages (SQLite's `VACUUM`), then folds the write-ahead log back into
    /// it: what compaction and deletions freed goes back to the disk. A file written this way
    /// holds exactly the same rows and finds the same things.
    ///
    /// FTS5 forgets an edited or deleted row's entry by adding a delete marker to a new segment;
    /// the old entry and its marker go only when segments merge, so an index edited often
    /// holds most of its text twice over (an edit-heavy writer's: 34.6 MiB, against 17.2 MiB
    /// after `optimize`, the same as the edit-free library's). `VACUUM` moves pages, not entries.
    package func vacuum() throws(StoreError) {
        do {
            try writer.write { db in try db.execute(sql: "INSERT INTO searchIndex(searchIndex) VALUES ('optimize')") }
            try writer.vacuum()
            _ = try writer.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        } catch {
            throw Self.translate(error, path: path, lockTimeout: lockTimeout)
        }
    }

    /// The first `limit` items with changes, own or merged, whose ids come after `after`, by
    /// id: each log read along its id index only as far as the step goes (a `UNION` of both
    /// logs sorted all of them at every step, which made every sync slower with the library).
    private static func itemsToCompact(_ db: Database, after: String, limit: Int) throws -> [ItemKey] {
        var found: [String: String] = [:]
        for table in ["change", "remoteChange"] {
            let rows = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT entityID, entity FROM \(table) WHERE entityID > ? GROUP BY entityID ORDER BY entityID LIMIT ?"),
                arguments: [after, limit])
            for row in rows { found[row["entityID"]] = row["entity"] }
        }
        return found.keys.sorted().prefix(limit).compactMap { id in
            found[id].flatMap(Change.Entity.init(rawValue:)).map { ItemKey(entity: $0, id: id) }
        }
    }

    /// Compacts one item's changes (see `compact(itemLimit:)`).
    private static func compactItem(
        _ db: Database, _ item: ItemKey, pushedThrough: Int64, settledSequence: Int64?, dropped: inout LibraryDigest.Tally
    ) throws -> CompactionReport {
        let ownRows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM change WHERE entityID = ? AND sequence NOT IN (SELECT sequence FROM rejectedChange)"),
            arguments: [item.id])
        let remoteRows = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT 0 AS sequence, entity, entityID, operation, field, \(ContentInRow.valueSQL) AS value, timestamp, bound
                    FROM remoteChange WHERE entityID = ?
                    """),
            arguments: [item.id])
        let own = try ownRows.map(Change.init(row:))
        let remote = try remoteRows.map(Change.init(row:))
        // A change is settled when the server's number for it is at or below what the server
        // last said is settled (docs/sync-protocol.md, "Note versions on devices").
        var bounds: [HLCTimestamp: Int64] = [:]
        for (change, row) in Array(zip(own, ownRows)) + Array(zip(remote, remoteRows)) {
            if let bound = row["bound"] as Int64? { bounds[change.timestamp] = bound }
        }
        let settled: (HLCTimestamp) -> Bool = { clock in
            guard let settledSequence, let bound = bounds[clock] else { return false }
            return bound <= settledSequence
        }
        let never: (HLCTimestamp) -> Bool = { _ in false }
        let wholeWithout = CompactionRules.plan(for: own + remote, settled: never)
        var fullPlan = wholeWithout
        var ownPlan = CompactionRules.plan(for: own, settled: never)
        if settledSequence != nil {
            let wholeWith = CompactionRules.plan(for: own + remote, settled: settled)
            if let composed = Self.ownPlan(own, settled: settled, whole: wholeWith, wholeWithout: wholeWithout, ownWithout: ownPlan) {
                ownPlan = composed
                fullPlan = wholeWith
            }
            // Otherwise this device's own changes cannot follow what the settled rules do to
            // the whole item: the item compacts without them.
        }
        var report = CompactionReport()
        report.itemsExamined = 1
        let pushed = own.filter { $0.sequence <= pushedThrough }
        report.bytesFreed = ownPlan.freedBytes(of: pushed) + fullPlan.freedBytes(of: remote)
        for change in pushed {
            if ownPlan.drops.contains(change.timestamp) {
                try db.cachedStatement(sql: "DELETE FROM change WHERE sequence = ?").execute(arguments: [change.sequence])
                try CompactedClocks.remember(db, change, tally: &dropped)
                report.changesDropped += 1
            } else if let value = ownPlan.rewrites[change.timestamp] {
                try db.cachedStatement(sql: "UPDATE change SET value = ? WHERE sequence = ?").execute(arguments: [value, change.sequence])
                report.changesRewritten += 1
            }
        }
        for change in remote {
            if fullPlan.drops.contains(change.timestamp) {
                try db.cachedStatement(sql: "DELETE FROM remoteChange WHERE timestamp = ?").execute(arguments: [change.timestamp.description])
                try CompactedClocks.remember(db, change, tally: &dropped)
                report.changesDropped += 1
            } else if let value = fullPlan.rewrites[change.timestamp] {
                // Rewritten whole; its text comes out again below if it still is the row's.
                try db.cachedStatement(sql: "UPDATE remoteChange SET value = ?, contentInRow = 0 WHERE timestamp = ?")
                    .execute(arguments: [value, change.timestamp.description])
                report.changesRewritten += 1
            }
        }
        if item.entity == .article {
            // Snapshots merged before their text was kept only in the row (older stores, items
            // rebuilt one by one) lose that copy here.
            report.bytesFreed += try ContentInRow.take(db, articleID: item.id)
        }
        return report
    }

    /// What compaction does to this device's own changes of an item, given what it does to the
    /// whole item (`whole`, with the settled rules), or nil when they cannot follow it. Own
    /// changes go by their own supersession (rules 1 to 4 among them: a server that lost its
    /// data gets them again with what superseded them), and by rules 5 and 6 only where the
    /// whole item decides so: on their own they can look purged, or hold one note head, when
    /// merged ones say otherwise (simulation seed 502721). Where the settled rules drop or
    /// rewrite an own change in the whole item, the plan over the own changes with those rules
    /// must drop or rewrite it too; when it does not (a note created here and edited elsewhere:
    /// alone, its creation's body is the only head, so the creation stays whole, while the
    /// whole item drops the versions between it and the last one, and the creation's body would
    /// look like a second head: seed 602504), nil.
    /// `wholeWithout` and `ownWithout` are the plans of the whole item and of the own changes
    /// without the settled rules.
    private static func ownPlan(
        _ own: [Change], settled: (HLCTimestamp) -> Bool, whole: CompactionPlan, wholeWithout: CompactionPlan, ownWithout: CompactionPlan
    ) -> CompactionPlan? {
        // A purged item whose purge is settled keeps only that purge (rule 5), this device's
        // changes as much as the others': every device the server waits for has merged the
        // purge, so none writes to the item again, and one the server stopped waiting for
        // brings it back as it held it. Kept, they kept the others' changes here too (the
        // whole item compacted without the settled rules), and once such a device brought the
        // item back this device alone showed them (simulation seed 736179: a tag removed before
        // the purge). A server that lost its data gets nothing of the item from this device
        // any more; the purge is on the log of the device that made it.
        if whole.onlyPurge {
            return CompactionPlan(drops: Set(own.map(\.timestamp)).intersection(whole.drops), onlyPurge: true)
        }
        var plan = ownWithout
        let ownWith = CompactionRules.plan(for: own, settled: settled)
        for change in own {
            let clock = change.timestamp
            let dropped = whole.drops.contains(clock) && !wholeWithout.drops.contains(clock)
            let rewritten = !whole.drops.contains(clock) && whole.rewrites[clock] != wholeWithout.rewrites[clock]
            guard dropped || rewritten else { continue }
            if ownWith.drops.contains(clock) {
                plan.drops.insert(clock)
                plan.rewrites[clock] = nil
            } else if rewritten, let value = ownWith.rewrites[clock], value != plan.rewrites[clock] {
                plan.rewrites[clock] = value
            } else {
                return nil
            }
        }
        return plan
    }

}
