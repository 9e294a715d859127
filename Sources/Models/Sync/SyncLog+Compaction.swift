import Foundation

extension SyncLog {
    /// How long a device may stay unseen before it no longer holds compaction back: 90 days.
    package static let defaultHorizon: TimeInterval = 90 * 24 * 3600

    /// The sequence up to which every device seen within `horizon` of `now` holds the log
    /// (the whole log when no device is).
    package func settledSequence(now: Date, horizon: TimeInterval = defaultHorizon) -> Int64 {
        let current = devices.values.filter { now.timeIntervalSince($0.lastSeen) <= horizon }
        return current.map(\.acknowledged).min() ?? lastSequence
    }

    /// Compacts up to `itemLimit` of the items changed since compaction last settled them
    /// (`CompactionRules`), at server time `now`: their superseded changes go, snapshots lose
    /// the members that lost, and what only devices' acknowledgements make safe goes once every
    /// device seen within `horizon` has acknowledged it. Sequences are never given again;
    /// pulls step over the gaps.
    @discardableResult
    package mutating func compact(now: Date = Date(), horizon: TimeInterval = defaultHorizon, itemLimit: Int = .max) -> CompactionReport {
        var report = CompactionReport()
        let batch = Array(pendingItems.prefix(max(0, itemLimit)))
        guard !batch.isEmpty else { return report }
        let keys = Set(batch)
        var indexes: [ItemKey: [Int]] = [:]
        for (index, stored) in changes.enumerated() where keys.contains(ItemKey(stored.change)) {
            indexes[ItemKey(stored.change), default: []].append(index)
        }
        let settled = settledSequence(now: now, horizon: horizon)
        var dropped = Set<Int>()
        var stillPending: [ItemKey] = []
        for key in batch {
            let held = indexes[key] ?? []
            let itemChanges = held.map { changes[$0].change }
            var sequences: [HLCTimestamp: Int64] = [:]
            for index in held { sequences[changes[index].change.timestamp] = changes[index].sequence }
            let plan = CompactionRules.plan(for: itemChanges, settled: { (sequences[$0] ?? .max) <= settled })
            report.bytesFreed += plan.freedBytes(of: itemChanges)
            for index in held {
                let clock = changes[index].change.timestamp
                if plan.drops.contains(clock) {
                    dropped.insert(index)
                } else if let value = plan.rewrites[clock] {
                    changes[index].change.value = value
                    report.changesRewritten += 1
                }
            }
            report.itemsExamined += 1
            // Changes not yet settled may go later, once every device holds them.
            if held.contains(where: { changes[$0].sequence > settled && !dropped.contains($0) }) { stillPending.append(key) }
        }
        report.changesDropped = dropped.count
        if !dropped.isEmpty {
            let kept = changes.indices.filter { !dropped.contains($0) }
            changes = kept.map { changes[$0] }
            transactionEnds = kept.map { transactionEnds[$0] }
        }
        pendingItems.removeFirst(batch.count)
        for key in batch { pendingSet.remove(key) }
        for key in stillPending { markPending(key) }
        report.itemsPending = pendingItems.count
        return report
    }

    /// Compacts every pending item at once (`folio-server compact`).
    @discardableResult
    package mutating func compactAll(now: Date = Date(), horizon: TimeInterval = defaultHorizon) -> CompactionReport {
        compact(now: now, horizon: horizon, itemLimit: pendingItems.count)
    }

    /// Forgets a device: it no longer holds compaction back (`folio-server device forget`).
    /// Its processed sequences stay, so its retried pushes are still duplicates.
    package mutating func forget(device: String) {
        devices[device] = nil
    }

    /// Puts an item on the list compaction works through (once).
    mutating func markPending(_ key: ItemKey) {
        guard pendingSet.insert(key).inserted else { return }
        pendingItems.append(key)
    }
}
