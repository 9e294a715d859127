import Foundation

/// The server's side of the sync protocol for one user, in memory: the executor of
/// `SyncRules`' plans that tests and simulations serve, as the SQLite and PostgreSQL
/// repositories of `folio-server` are in their databases.
package struct SyncLog: Sendable {
    package private(set) var epoch: String
    package private(set) var changes: [ServerChange] = []
    /// Per change (same index), the last sequence of the push that stored it.
    private var transactionEnds: [Int64] = []
    /// Per device, the highest device sequence processed (applied or rejected).
    package private(set) var lastProcessed: [String: Int64] = [:]
    /// Per device and device sequence, why a mutation was rejected.
    package private(set) var rejections: [String: [Int64: String]] = [:]
    /// The clock timestamps stored: one change per timestamp.
    private var timestamps: Set<HLCTimestamp> = []

    package init(epoch: String = EntityID.make()) {
        self.epoch = epoch
    }

    /// Applies a push at server time `now` and says what happened to each mutation.
    package mutating func push(_ request: PushRequest, now: Date = Date()) -> PushResponse {
        let inputs = PushInputs(
            epoch: epoch, lastProcessed: lastProcessed[request.deviceID] ?? 0, rejections: rejections[request.deviceID] ?? [:],
            storedTimestamps: Set(request.mutations.map(\.change.timestamp).filter(timestamps.contains)),
            lastSequence: Int64(changes.count))
        let plan = SyncRules.planPush(request, inputs: inputs, now: now)
        guard let writes = plan.writes else { return plan.response }
        for insert in writes.inserts {
            changes.append(insert)
            timestamps.insert(insert.change.timestamp)
            transactionEnds.append(writes.transactionEnd)
        }
        for rejection in writes.rejections {
            rejections[request.deviceID, default: [:]][rejection.deviceSequence] = rejection.reason
        }
        lastProcessed[request.deviceID] = writes.lastProcessed
        return plan.response
    }

    /// The changes after `cursor` (a token from an earlier pull; nil for the start): at most
    /// `limit` of them and about `PageBoundary.byteBudget` bytes of values, then on to the end
    /// of the last one's push. The changes of `excludingDevice` are left out (the cursor still
    /// moves past them); a `deviceSequence` below what the log processed from that device
    /// answers `deviceRestored`.
    package func pull(after cursor: String?, limit: Int, excludingDevice: String? = nil, deviceSequence: Int64? = nil) -> PullResponse {
        let plan = SyncRules.planPull(
            after: cursor, epoch: epoch, newest: Int64(changes.count), deviceSequence: deviceSequence,
            lastProcessed: excludingDevice.flatMap { lastProcessed[$0] } ?? 0)
        if plan.deviceRestored { return plan.response(with: [], end: plan.start) }
        let after = changes.dropFirst(Int(plan.start)).lazy.filter { !SyncRules.isOwn($0.change.timestamp, device: excludingDevice) }
        let entries = after.prefix(max(1, limit)).map { change in
            PageBoundary.Entry(
                sequence: change.sequence, transactionEnd: transactionEnds[Int(change.sequence) - 1], bytes: change.change.value?.utf8.count ?? 0)
        }
        let end = plan.end(of: Array(entries))
        return plan.response(with: Array(after.prefix { $0.sequence <= end }), end: end)
    }

    /// The changes the log holds (see `LibraryDigest`).
    package func digest() -> LibraryDigest {
        var tally = LibraryDigest.Tally()
        for stored in changes {
            tally.add(entity: stored.change.entity, id: stored.change.entityID, timestamp: stored.change.timestamp.description)
        }
        return tally.digest(sequence: Int64(changes.count))
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
