import Foundation

/// The server's side of the sync protocol for one user, in memory: the executor of
/// `SyncRules`' plans that tests and simulations serve, as the SQLite and PostgreSQL
/// repositories of `folio-server` are in their databases.
package struct SyncLog: Sendable {
    package private(set) var epoch: String
    /// The changes held, in sequence order. Compaction leaves gaps: a sequence is never
    /// given twice, but a compacted change's number is no longer in the log.
    package internal(set) var changes: [ServerChange] = []
    /// Per change (same index), the last sequence of the push that stored it.
    var transactionEnds: [Int64] = []
    /// Per item, the sequence of the last change stored of it (kept when compaction drops that
    /// change): the order of pulls by item.
    package private(set) var itemLast: [ItemKey: Int64] = [:]
    /// The last sequence given (0 for an empty log): pulls and cursors count to it, whether or
    /// not its change was compacted since.
    package private(set) var lastSequence: Int64 = 0
    /// Per device, the highest device sequence processed (applied or rejected).
    package private(set) var lastProcessed: [String: Int64] = [:]
    /// Per device and device sequence, why a mutation was rejected.
    package private(set) var rejections: [String: [Int64: String]] = [:]
    /// The clock timestamps stored, or stored once and compacted since: one change per
    /// timestamp, and a retried push of a compacted change is a `duplicate` (never stored
    /// again, never taken for a restored device).
    package private(set) var timestamps: Set<HLCTimestamp> = []
    /// Per known device, what it acknowledged (`DeviceAcknowledgement`): compaction's
    /// conditional rules wait for every device seen within the horizon.
    package internal(set) var devices: [String: DeviceAcknowledgement] = [:]
    /// When a device last came with data the log does not hold (a push naming another epoch,
    /// a pull with a cursor `ServerCompaction.showsLostData`): compaction's conditional rules
    /// wait a horizon.
    package internal(set) var lostDataSeen: Date?
    /// The items changed since compaction last looked at them with everything they hold
    /// settled, oldest first (`compact(now:itemLimit:)` takes a few at a time).
    var pendingItems: [ItemKey] = []
    var pendingSet: Set<ItemKey> = []
    /// The highest settled sequence compaction has used (`RejoinRules`).
    package internal(set) var compactedThrough: Int64 = 0
    /// Per device, the settled sequence up to which its changes agree with compaction: moved
    /// on by compaction for the devices it waits for, and by a completed rejoin
    /// (`RejoinRules`). Kept when a device is forgotten.
    package internal(set) var rejoinedThrough: [String: Int64] = [:]
    /// The clocks of the changes stored again for a device that rejoined: pulls send them to
    /// every device, the one that made them too.
    package internal(set) var restored: Set<HLCTimestamp> = []

    package init(epoch: String = EntityID.make()) {
        self.epoch = epoch
    }

    /// Applies a push at server time `now` and says what happened to each mutation.
    package mutating func push(_ request: PushRequest, now: Date = Date()) -> PushResponse {
        let inputs = PushInputs(
            epoch: epoch, lastProcessed: lastProcessed[request.deviceID] ?? 0, rejections: rejections[request.deviceID] ?? [:],
            storedTimestamps: Set(request.mutations.map(\.change.timestamp).filter(timestamps.contains)),
            lastSequence: lastSequence)
        let plan = SyncRules.planPush(request, inputs: inputs, now: now)
        if plan.response.epochChanged { lostDataSeen = now }
        guard let writes = plan.writes else { return plan.response }
        store(writes.inserts, transactionEnd: writes.transactionEnd)
        askDevicesBack(after: writes.inserts)
        devices[request.deviceID, default: DeviceAcknowledgement()].lastSeen = now
        for rejection in writes.rejections {
            rejections[request.deviceID, default: [:]][rejection.deviceSequence] = rejection.reason
        }
        lastProcessed[request.deviceID] = writes.lastProcessed
        return plan.response
    }

    /// Appends changes numbered from `lastSequence + 1` on, as one transaction ending at
    /// `transactionEnd`.
    mutating func store(_ inserts: [ServerChange], transactionEnd: Int64) {
        for insert in inserts {
            changes.append(insert)
            timestamps.insert(insert.change.timestamp)
            transactionEnds.append(transactionEnd)
            lastSequence = insert.sequence
            itemLast[ItemKey(insert.change)] = insert.sequence
            markPending(ItemKey(insert.change))
        }
    }

    /// The changes after `cursor` (a token from an earlier pull; nil for the start): at most
    /// `limit` of them and about `PageBoundary.byteBudget` bytes of values, then on to the end
    /// of the last one's push. The changes of `excludingDevice` are left out (the cursor still
    /// moves past them); a `deviceSequence` below what the log processed from that device
    /// answers `deviceRestored`. With no cursor, `order` may ask for the log by item. The page
    /// says what is settled at server time `now`, waiting for the devices seen within `horizon`.
    package func pull(
        after cursor: String?, limit: Int, excludingDevice: String? = nil, deviceSequence: Int64? = nil, order: PullOrder = .log,
        now: Date = Date(), horizon: TimeInterval = defaultHorizon
    ) -> PullResponse {
        let plan = SyncRules.planPull(
            after: cursor, epoch: epoch, newest: lastSequence, deviceSequence: deviceSequence,
            lastProcessed: excludingDevice.flatMap { lastProcessed[$0] } ?? 0, order: order)
        if plan.deviceRestored { return plan.response(with: [], end: plan.start) }
        let settled = settledSequence(now: now, horizon: horizon)
        var page =
            plan.byItem
            ? pullByItem(plan, limit: limit, excludingDevice: excludingDevice, settled: settled)
            : pullByLog(plan, limit: limit, excludingDevice: excludingDevice, settled: settled)
        if let excludingDevice, mustRejoin(device: excludingDevice) { page.rejoin = true }
        return page
    }

    /// A page in the log's order.
    private func pullByLog(_ plan: PullPlan, limit: Int, excludingDevice: String?, settled: Int64) -> PullResponse {
        let first = firstIndex(after: plan.start)
        let after = changes[first...].indices.lazy.filter { !leavesOut(changes[$0].change.timestamp, for: excludingDevice) }
        let entries = after.prefix(max(1, limit)).map { index in
            PageBoundary.Entry(
                sequence: changes[index].sequence, transactionEnd: transactionEnds[index], bytes: changes[index].change.value?.utf8.count ?? 0)
        }
        let end = plan.end(of: Array(entries))
        return plan.response(with: after.prefix { changes[$0].sequence <= end }.map { changes[$0] }, end: end, settled: settled)
    }

    /// A page by item (`PullOrder.item`): the items whose last change is after the plan's
    /// start, in that order, each with every change the log holds of it.
    private func pullByItem(_ plan: PullPlan, limit: Int, excludingDevice: String?, settled: Int64) -> PullResponse {
        let items = itemLast.filter { $0.value > plan.start && $0.value <= plan.newest }.sorted { $0.value < $1.value }
            .prefix(max(1, limit))
        let wanted = Set(items.map(\.key))
        var held: [ItemKey: [ServerChange]] = [:]
        for stored in changes where !leavesOut(stored.change.timestamp, for: excludingDevice) {
            let key = ItemKey(stored.change)
            if wanted.contains(key) { held[key, default: []].append(stored) }
        }
        let end = plan.end(
            ofItems: items.map { item in
                let sent = held[item.key] ?? []
                return PageBoundary.Item(last: item.value, bytes: sent.reduce(0) { $0 + ($1.change.value?.utf8.count ?? 0) })
            }, limit: max(1, limit))
        return plan.response(with: items.prefix { $0.value <= end }.flatMap { held[$0.key] ?? [] }, end: end, settled: settled)
    }

    /// Records what a pull tells of the device that made it, at server time `now`: whether its
    /// cursor shows data the log lost, that it was seen, and, when it names its device and has
    /// nothing left to push (its log ends at or below what the server processed from it), that
    /// it holds every change up to its cursor.
    package mutating func recordPull(
        after cursor: String?, device: String?, deviceSequence: Int64?, now: Date = Date(), horizon: TimeInterval = defaultHorizon
    ) {
        // The page says what is settled, and devices compact by it as the server does: it counts
        // as used by compaction (`RejoinRules`).
        defer { noteCompaction(settled: settledSequence(now: now, horizon: horizon), now: now, horizon: horizon) }
        if ServerCompaction.showsLostData(after: cursor, epoch: epoch, newest: lastSequence) { lostDataSeen = now }
        guard let device else { return }
        var record = devices[device] ?? DeviceAcknowledgement()
        record.lastSeen = now
        if let acknowledged = ServerCompaction.acknowledgement(
            after: cursor, epoch: epoch, newest: lastSequence, deviceSequence: deviceSequence, lastProcessed: lastProcessed[device] ?? 0)
        {
            record.acknowledged = acknowledged
        }
        devices[device] = record
    }

    /// Whether a pull for `device` leaves out the change with clock `timestamp`: the device
    /// made it, and it was not stored again for a device that rejoined (the one that made it
    /// may have compacted it since).
    package func leavesOut(_ timestamp: HLCTimestamp, for device: String?) -> Bool {
        SyncRules.isOwn(timestamp, device: device) && !restored.contains(timestamp)
    }

    /// The index of the first change after sequence `start` (`changes.endIndex` when none).
    private func firstIndex(after start: Int64) -> Int {
        var low = 0
        var high = changes.count
        while low < high {
            let middle = (low + high) / 2
            if changes[middle].sequence <= start { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The digest of what the log's items are now (`LibraryDigest.essentials(of:)`): the same
    /// before and after compaction.
    package func essentialDigest() -> LibraryDigest {
        LibraryDigest.essentials(of: changes.map(\.change)).digest(sequence: lastSequence)
    }

    /// The changes the log holds (see `LibraryDigest`), and what its items are now.
    package func digest() -> LibraryDigest {
        var tally = LibraryDigest.Tally()
        for stored in changes {
            tally.add(entity: stored.change.entity, id: stored.change.entityID, timestamp: stored.change.timestamp.description)
        }
        return tally.digest(sequence: lastSequence, current: LibraryDigest.essentials(of: changes.map(\.change)))
    }

    /// Forgets everything, as a server restored from nothing would: a new epoch.
    package mutating func reset(epoch: String = EntityID.make()) {
        self = SyncLog(epoch: epoch)
    }

    /// Why a change cannot be accepted at server time `now`; nil when it can
    /// (`ChangeValidation`).
    package static func problem(with change: Change, now: Date = Date()) -> String? {
        ChangeValidation.problem(with: change, now: now)
    }
}
