import Foundation

extension SyncLog {
    /// Whether `device` must rejoin before it applies what it pulls (`RejoinRules.mustRejoin`).
    package func mustRejoin(device: String) -> Bool {
        RejoinRules.mustRejoin(rejoinedThrough: rejoinedThrough[device] ?? 0, compactedThrough: compactedThrough)
    }

    /// Carries out a rejoin at server time `now` (`RejoinRules.plan`): says which of the
    /// device's changes it compacted, stores again the ones sent back, and, when the device
    /// completes, records that it agrees with compaction so far.
    package mutating func rejoin(_ request: RejoinRequest, now: Date = Date()) -> RejoinResponse {
        let held = Set(changes.map(\.change.timestamp))
        let clocks = RejoinRules.clocks(of: request)
        let items = RejoinRules.items(of: request)
        var itemChanges: [ItemKey: [ServerChange]] = [:]
        for stored in changes where items.contains(ItemKey(stored.change)) { itemChanges[ItemKey(stored.change), default: []].append(stored) }
        let inputs = RejoinRules.Inputs(
            request, stored: Set(clocks.filter(held.contains)), compacted: Set(clocks.filter(timestamps.contains)), held: itemChanges,
            lastSequence: lastSequence)
        let plan = RejoinRules.plan(request, inputs: inputs, rejoining: mustRejoin(device: request.deviceID), now: now)
        if !plan.resends.isEmpty {
            let leaving = Set(plan.resends.map(\.old))
            let kept = changes.indices.filter { !leaving.contains(changes[$0].sequence) }
            changes = kept.map { changes[$0] }
            transactionEnds = kept.map { transactionEnds[$0] }
        }
        store(plan.stored, transactionEnd: plan.stored.last?.sequence ?? lastSequence)
        restored.formUnion(plan.stored.map(\.change.timestamp))
        devices[request.deviceID, default: DeviceAcknowledgement()].lastSeen = now
        if plan.completes { rejoinedThrough[request.deviceID] = max(rejoinedThrough[request.deviceID] ?? 0, compactedThrough) }
        return plan.response
    }

    /// Asks every device to rejoin when `inserts` fork a note whose heads no longer share a
    /// version over versions the log compacted (`RejoinRules.forkNeedsCompactedVersions`).
    mutating func askDevicesBack(after inserts: [ServerChange]) {
        guard compactedThrough > 0 else { return }
        for (note, inserted) in RejoinRules.notesWithNewVersions(inserts) {
            let held = changes.filter { ItemKey($0.change) == note }.map(\.change)
            let compacted = RejoinRules.missingBases(held).filter(timestamps.contains)
            // Nothing of the note's line was compacted: no need to look at its heads.
            guard !compacted.isEmpty, RejoinRules.forkNeedsCompactedVersions(held: held, inserted: inserted, isCompacted: compacted.contains) else {
                continue
            }
            // Every device the log knows of, as a database keeps a row for each.
            for device in Set(devices.keys).union(lastProcessed.keys).union(rejoinedThrough.keys) {
                rejoinedThrough[device] = min(rejoinedThrough[device] ?? 0, compactedThrough - 1)
            }
            return
        }
    }

    /// Moves on, for a compaction at `settled`, the devices that agree with it
    /// (`RejoinRules.advancing`), and the highest settled sequence used.
    mutating func noteCompaction(settled: Int64, now: Date, horizon: TimeInterval) {
        let advancing = RejoinRules.advancing(
            devices: devices.map { (id: $0.key, acknowledgement: $0.value, rejoinedThrough: rejoinedThrough[$0.key] ?? 0) },
            compactedThrough: compactedThrough, settled: settled, now: now, horizon: horizon)
        for device in advancing { rejoinedThrough[device] = settled }
        compactedThrough = max(compactedThrough, settled)
    }
}
