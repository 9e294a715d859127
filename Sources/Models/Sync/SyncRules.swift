import Foundation

/// The server's sync rules, written once: values in, a plan out (in the style of
/// postgres-nio's state machines). `SyncLog` carries the plans out in memory (the simulation
/// drives it), and each server repository reads the inputs and carries the plan out inside its
/// one transaction, so every backend runs the very rules the simulation tests.
///
/// - Each accepted change gets the next sequence number of the user's log (gap-free).
/// - Pushes are idempotent: each device's mutations are processed once, by device sequence; a
///   retried push answers `duplicate` (or the same `rejected`) and stores nothing.
/// - A push that names another epoch applies nothing and says so.
/// - Sequences already processed must name the same changes (stored, or refused before):
///   otherwise the device was restored from an older copy of its store (`deviceRestored`).
/// - A rejected mutation never blocks the ones after it; its reason is kept for retries.
/// - One stored change per clock timestamp: the same timestamp again is a `duplicate`.
/// - Pulls return changes after a cursor, in pages that end where `PageBoundary` says; a
///   cursor of another epoch, or past the end of the log (a server restored from an older
///   backup), starts over and says so; a device whose own log ends below what the server
///   processed from it was restored from an older copy.
package enum SyncRules {
    /// Plans a push at server time `now` from what the backend read (`PushInputs`).
    package static func planPush(_ request: PushRequest, inputs: PushInputs, now: Date) -> PushPlan {
        if let known = request.knownEpoch, known != inputs.epoch {
            return PushPlan(response: PushResponse(results: [], epoch: inputs.epoch, epochChanged: true), writes: nil)
        }
        for mutation in request.mutations where mutation.deviceSequence <= inputs.lastProcessed {
            if inputs.rejections[mutation.deviceSequence] == nil && !inputs.storedTimestamps.contains(mutation.change.timestamp) {
                return PushPlan(response: PushResponse(results: [], epoch: inputs.epoch, deviceRestored: true), writes: nil)
            }
        }
        var writes = PushPlan.Writes(lastProcessed: inputs.lastProcessed, firstSequence: inputs.lastSequence + 1)
        var stored = inputs.storedTimestamps
        var next = inputs.lastSequence
        var results: [MutationResult] = []
        results.reserveCapacity(request.mutations.count)
        for mutation in request.mutations {
            let sequence = mutation.deviceSequence
            if sequence <= writes.lastProcessed {
                let reason = sequence <= inputs.lastProcessed ? inputs.rejections[sequence] : writes.rejection(for: sequence)
                results.append(MutationResult(deviceSequence: sequence, status: reason == nil ? .duplicate : .rejected, reason: reason))
                continue
            }
            writes.lastProcessed = sequence
            if let reason = ChangeValidation.problem(with: mutation.change, now: now) {
                writes.rejections.append(PushPlan.Rejection(deviceSequence: sequence, reason: reason))
                results.append(MutationResult(deviceSequence: sequence, status: .rejected, reason: reason))
                continue
            }
            // A timestamp already stored is the same change again (a clock never issues one
            // twice): one row per timestamp, so digests can agree.
            guard stored.insert(mutation.change.timestamp).inserted else {
                results.append(MutationResult(deviceSequence: sequence, status: .duplicate))
                continue
            }
            next += 1
            let change = mutation.change
            writes.inserts.append(ServerChange(sequence: next, change: change))
            writes.tally.add(entity: change.entity, id: change.entityID, timestamp: change.timestamp.description)
            results.append(MutationResult(deviceSequence: sequence, status: .applied))
        }
        return PushPlan(response: PushResponse(results: results, epoch: inputs.epoch), writes: writes)
    }

    /// The device sequences whose earlier refusals a push's plan may need: those at or below
    /// `lastProcessed` (a backend reads their reasons into `PushInputs.rejections`).
    package static func processedSequences(of request: PushRequest, lastProcessed: Int64) -> [Int64] {
        request.mutations.map(\.deviceSequence).filter { $0 <= lastProcessed }
    }

    /// Plans a pull after `cursor` (a token from an earlier pull; nil for the start) of a log
    /// whose last sequence is `newest`, for a device that says its own log ends at
    /// `deviceSequence` while the server processed up to `lastProcessed` from it (0 when the
    /// pull names no device: then nothing can say it was restored). A pull with no cursor
    /// reads the log in `order`; any other in the order its cursor names.
    package static func planPull(
        after cursor: String?, epoch: String, newest: Int64, deviceSequence: Int64? = nil, lastProcessed: Int64 = 0,
        order: PullOrder = .log
    ) -> PullPlan {
        if let deviceSequence, lastProcessed > deviceSequence {
            return PullPlan(epoch: epoch, start: 0, newest: newest, epochChanged: false, deviceRestored: true, cursor: cursor)
        }
        var start: Int64 = 0
        var epochChanged = false
        var byItem = order == .item
        if let cursor {
            if let parsed = SyncCursor(token: cursor), parsed.epoch == epoch, parsed.sequence <= newest {
                start = parsed.sequence
                byItem = parsed.byItem
            } else {
                epochChanged = true
            }
        }
        return PullPlan(
            epoch: epoch, start: start, newest: newest, epochChanged: epochChanged, deviceRestored: false, cursor: cursor, byItem: byItem)
    }

    /// Whether the change with clock `timestamp` was made by `device` (a pull leaves those
    /// out for the device that asks: it has them).
    package static func isOwn(_ timestamp: HLCTimestamp, device: String?) -> Bool {
        device.map { timestamp.deviceID == $0 } ?? false
    }
}
