import Foundation

extension SyncLog {
    /// How long a device may stay unseen before it no longer holds compaction back: 90 days.
    package static let defaultHorizon = ServerCompaction.defaultHorizon

    /// The sequence up to which every device seen within `horizon` of `now` holds the log
    /// (the whole log when no device is).
    package func settledSequence(now: Date, horizon: TimeInterval = defaultHorizon) -> Int64 {
        ServerCompaction.settledSequence(
            devices: devices.values, lastSequence: lastSequence, now: now, horizon: horizon, lostDataSeen: lostDataSeen)
    }

    /// Compacts up to `itemLimit` of the items changed since compaction last settled them
    /// (`ServerCompaction.plan(for:settled:)`), at server time `now`: their superseded changes
    /// go, snapshots lose the members that lost, and what only devices' acknowledgements make
    /// safe goes once every device seen within `horizon` has acknowledged it. Sequences are
    /// never given again; pulls step over the gaps.
    @discardableResult
    package mutating func compact(now: Date = Date(), horizon: TimeInterval = defaultHorizon, itemLimit: Int = .max) -> CompactionReport {
        var report = CompactionReport()
        let batch = Array(pendingItems.prefix(max(0, itemLimit)))
        guard !batch.isEmpty else { return report }
        let keys = Set(batch)
        var held: [ItemKey: [ServerChange]] = [:]
        for stored in changes where keys.contains(ItemKey(stored.change)) { held[ItemKey(stored.change), default: []].append(stored) }
        let settled = settledSequence(now: now, horizon: horizon)
        noteCompaction(settled: settled, now: now, horizon: horizon)
        var dropped = Set<Int64>()
        var rewritten: [Int64: String] = [:]
        var stillPending: [ItemKey] = []
        for key in batch {
            let item = ServerCompaction.plan(for: held[key] ?? [], settled: settled)
            report.add(item)
            dropped.formUnion(item.drops.map(\.sequence))
            for stored in item.rewrites { rewritten[stored.sequence] = stored.change.value }
            if item.stillPending { stillPending.append(key) }
        }
        if !dropped.isEmpty || !rewritten.isEmpty {
            let kept = changes.indices.filter { !dropped.contains(changes[$0].sequence) }
            changes = kept.map { index in
                var stored = changes[index]
                if let value = rewritten[stored.sequence] { stored.change.value = value }
                return stored
            }
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
