import Foundation

/// The server's side of the sync protocol for one user, in memory: the rules every backend
/// follows, and the in-process server of tests and simulations.
///
/// - Each accepted change gets the next sequence number of the user's log (gap-free).
/// - Pushes are idempotent: each device's mutations are applied once, by device sequence; a
///   retried or duplicated push answers `duplicate` (or the same `rejected`) and stores nothing.
/// - A rejected mutation never blocks the ones after it.
/// - Pulls return changes after a cursor, in pages; a cursor from another epoch starts over
///   and says so.
public struct SyncLog: Sendable {
    public private(set) var epoch: String
    public private(set) var changes: [ServerChange] = []
    /// Per change (same index), the last sequence of the push that stored it.
    private var transactionEnds: [Int64] = []
    /// Per device, the highest device sequence processed (applied or rejected).
    public private(set) var lastProcessed: [String: Int64] = [:]
    /// Per device and device sequence, why a mutation was rejected.
    public private(set) var rejections: [String: [Int64: String]] = [:]
    /// The clock timestamps stored: one change per timestamp.
    private var timestamps: Set<HLCTimestamp> = []

    public init(epoch: String = EntityID.make()) {
        self.epoch = epoch
    }

    /// Applies a push at server time `now` and says what happened to each mutation.
    public mutating func push(_ request: PushRequest, now: Date = Date()) -> PushResponse {
        if let known = request.knownEpoch, known != epoch {
            return PushResponse(results: [], epoch: epoch, epochChanged: true)
        }
        // Sequences already processed must name the same changes (stored, or refused before):
        // otherwise the device was restored from an older copy of its store.
        let processed = lastProcessed[request.deviceID] ?? 0
        for mutation in request.mutations where mutation.deviceSequence <= processed {
            if rejections[request.deviceID]?[mutation.deviceSequence] == nil && !timestamps.contains(mutation.change.timestamp) {
                return PushResponse(results: [], epoch: epoch, deviceRestored: true)
            }
        }
        var results: [MutationResult] = []
        let first = changes.count
        defer { transactionEnds += Array(repeating: Int64(changes.count), count: changes.count - first) }
        for mutation in request.mutations {
            let last = lastProcessed[request.deviceID] ?? 0
            if mutation.deviceSequence <= last {
                if let reason = rejections[request.deviceID]?[mutation.deviceSequence] {
                    results.append(MutationResult(deviceSequence: mutation.deviceSequence, status: .rejected, reason: reason))
                } else {
                    results.append(MutationResult(deviceSequence: mutation.deviceSequence, status: .duplicate))
                }
                continue
            }
            lastProcessed[request.deviceID] = mutation.deviceSequence
            if let reason = Self.problem(with: mutation.change, now: now) {
                rejections[request.deviceID, default: [:]][mutation.deviceSequence] = reason
                results.append(MutationResult(deviceSequence: mutation.deviceSequence, status: .rejected, reason: reason))
                continue
            }
            // A timestamp already stored is the same change again (a clock never issues one
            // twice): one row per timestamp, so digests can agree.
            guard timestamps.insert(mutation.change.timestamp).inserted else {
                results.append(MutationResult(deviceSequence: mutation.deviceSequence, status: .duplicate))
                continue
            }
            changes.append(ServerChange(sequence: Int64(changes.count + 1), change: mutation.change))
            results.append(MutationResult(deviceSequence: mutation.deviceSequence, status: .applied))
        }
        return PushResponse(results: results, epoch: epoch)
    }

    /// The changes after `cursor` (a token from an earlier pull; nil for the start): at most
    /// `limit` of them and about `PageBoundary.byteBudget` bytes of values, then on to the end
    /// of the last one's push.
    public func pull(after cursor: String?, limit: Int) -> PullResponse {
        var start: Int64 = 0
        var epochChanged = false
        if let cursor {
            if let parsed = SyncCursor(token: cursor), parsed.epoch == epoch, parsed.sequence <= Int64(changes.count) {
                start = parsed.sequence
            } else {
                epochChanged = true
            }
        }
        let entries = changes.dropFirst(Int(start)).prefix(max(1, limit)).map { change in
            PageBoundary.Entry(
                sequence: change.sequence, transactionEnd: transactionEnds[Int(change.sequence) - 1], bytes: change.change.value?.utf8.count ?? 0)
        }
        let end = PageBoundary.end(of: entries) ?? start
        let page = Array(changes[Int(start)..<Int(end)])
        return PullResponse(
            changes: page, cursor: SyncCursor(epoch: epoch, sequence: end).token, hasMore: end < Int64(changes.count),
            epochChanged: epochChanged)
    }

    /// The changes the log holds (see `LibraryDigest`).
    public func digest() -> LibraryDigest {
        var tally = LibraryDigest.Tally()
        for stored in changes {
            tally.add(entity: stored.change.entity, id: stored.change.entityID, timestamp: stored.change.timestamp.description)
        }
        return tally.digest(sequence: Int64(changes.count))
    }

    /// Forgets everything, as a server restored from nothing would: a new epoch.
    public mutating func reset(epoch: String = EntityID.make()) {
        self = SyncLog(epoch: epoch)
    }

    /// Why a change cannot be accepted at server time `now`; nil when it can
    /// (`ChangeValidation`).
    public static func problem(with change: Change, now: Date = Date()) -> String? {
        ChangeValidation.problem(with: change, now: now)
    }
}
