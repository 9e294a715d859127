import Foundation

/// The server's compaction decisions, written once for `SyncLog` and the database backends:
/// values in, a plan out (docs/sync-protocol.md, "Compaction"). A backend reads the inputs in
/// its transaction, asks, and carries the answer out.
package enum ServerCompaction {
    /// How long a device may stay unseen before it no longer holds compaction back: 90 days.
    package static let defaultHorizon: TimeInterval = 90 * 24 * 3600

    /// The items a backend compacts after each push: few, so that no push waits long.
    package static let stepAfterPush = 8

    /// The sequence up to which every device seen within `horizon` of `now` holds the log
    /// (`lastSequence`, the whole log, when no device is). Nothing is settled while a device
    /// that came with data the log does not hold (`lostDataSeen`, `showsLostData`) was seen
    /// within `horizon`: the server lost data it had given out, so devices it does not know
    /// may hold items and edits it cannot see, and only the horizon bounds how long they may
    /// stay away (docs/sync-protocol.md, "Compaction"); nor while a device acknowledged more
    /// than the log holds (the server was put back from an older copy).
    package static func settledSequence(
        devices: some Sequence<DeviceAcknowledgement>, lastSequence: Int64, now: Date, horizon: TimeInterval = defaultHorizon,
        lostDataSeen: Date? = nil
    ) -> Int64 {
        if let lostDataSeen, now.timeIntervalSince(lostDataSeen) <= horizon { return 0 }
        let current = devices.filter { $0.isCurrent(now: now, horizon: horizon) }
        // A device that acknowledged more than the log holds saw data the log lost.
        if current.contains(where: { $0.acknowledged > lastSequence }) { return 0 }
        return current.map(\.acknowledged).min() ?? lastSequence
    }

    /// Whether a pull after `cursor` shows that its device holds data the log does not: the
    /// cursor is of another epoch or past the log's end, so the server lost data it had given
    /// out (a new database, or one restored from an older copy). A backend notes when it last
    /// saw one (`settledSequence(…lostDataSeen:)`).
    package static func showsLostData(after cursor: String?, epoch: String, newest: Int64) -> Bool {
        SyncRules.planPull(after: cursor, epoch: epoch, newest: newest).epochChanged
    }

    /// What a pull tells of the device that made it, when it names the device: the sequence
    /// up to which the device now holds the log (the pull's start), or nil when the pull does
    /// not say (the device has changes of its own left to push, was restored from an older
    /// copy, or is in the middle of a pull by item). `lastProcessed` is what the server processed from the device.
    package static func acknowledgement(
        after cursor: String?, epoch: String, newest: Int64, deviceSequence: Int64?, lastProcessed: Int64
    ) -> Int64? {
        let plan = SyncRules.planPull(after: cursor, epoch: epoch, newest: newest, deviceSequence: deviceSequence, lastProcessed: lastProcessed)
        guard !plan.deviceRestored, let deviceSequence, deviceSequence <= lastProcessed else { return nil }
        // A cursor by item says which items the device holds whole, not that it holds every
        // change up to its sequence.
        guard !plan.byItem else { return nil }
        return plan.start
    }

    /// Plans the compaction of one item from every change the log holds of it (`held`, one
    /// entity and id, in sequence order), where every change at or below `settled` is held by
    /// every device that can still write (`settledSequence`).
    package static func plan(for held: [ServerChange], settled: Int64) -> ItemCompaction {
        let changes = held.map(\.change)
        var sequences: [HLCTimestamp: Int64] = [:]
        for stored in held { sequences[stored.change.timestamp] = stored.sequence }
        let plan = CompactionRules.plan(for: changes, settled: { (sequences[$0] ?? .max) <= settled })
        var result = ItemCompaction()
        result.freedBytes = plan.freedBytes(of: changes)
        for stored in held {
            let clock = stored.change.timestamp
            if plan.drops.contains(clock) {
                result.drops.append(stored)
                continue
            }
            if let value = plan.rewrites[clock] {
                var rewritten = stored
                rewritten.change.value = value
                result.rewrites.append(rewritten)
            }
            // Changes not yet settled may go later, once every device holds them.
            if stored.sequence > settled { result.stillPending = true }
        }
        return result
    }

    /// One item's share of the digest of what the items are now
    /// (`LibraryDigest.currentArticles`, `currentNotes`): the count and hash sum of its
    /// essentials, from every change the log holds of it. A backend keeps it per item and
    /// the total per user, refreshed for the items each push touches.
    package static func currentShare(of changes: [Change]) -> (count: Int, sum: UInt64) {
        let tally = LibraryDigest.essentials(of: changes)
        return (tally.articleCount + tally.noteCount, tally.articleSum &+ tally.noteSum)
    }
}
