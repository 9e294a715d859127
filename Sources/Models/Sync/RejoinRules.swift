import Foundation

/// What the server decides when a device comes back after compaction stopped waiting for it
/// (docs/sync-protocol.md, "A device that comes back"): values in, a plan out, carried out by
/// `SyncLog` and by each server repository in one transaction.
///
/// Rules 5 and 6 of compaction drop winners once every device the server waits for holds what
/// supersedes them. A device it stopped waiting for (forgotten, unseen for the horizon, new,
/// or put back from an older copy under a new id) may still hold, and build on, what they
/// dropped. Such a device *rejoins* before it applies what it pulls: it names every change it
/// holds; of those the server compacted, the ones older than a purge the server holds of their
/// item come back (a later write of the device undoes the purge, and the item must come back
/// whole everywhere), and so do note versions that a version the server holds was edited from
/// (edits made from them then merge against them rather than conflict); the device drops the
/// others too (superseded, or a note version its later versions come from: kept, it would show
/// as a conflict on that device alone).
package enum RejoinRules {
    /// Whether a device must rejoin: compaction used a settled sequence past the one up to which
    /// the server knows the device's changes agree with it (`rejoinedThrough`).
    package static func mustRejoin(rejoinedThrough: Int64, compactedThrough: Int64) -> Bool {
        compactedThrough > rejoinedThrough
    }

    /// The devices whose `rejoinedThrough` moves to `settled` when compaction uses it: the ones
    /// it waits for (seen within the horizon, so `settled` is at or below what each holds)
    /// that agreed with every earlier compaction (`rejoinedThrough` at `compactedThrough`). A
    /// device that came back and has not rejoined stays behind, however far it pulls.
    package static func advancing(
        devices: some Sequence<(id: String, acknowledgement: DeviceAcknowledgement, rejoinedThrough: Int64)>, compactedThrough: Int64,
        settled: Int64, now: Date, horizon: TimeInterval
    ) -> [String] {
        guard settled > compactedThrough else { return [] }
        return devices.filter { $0.acknowledgement.isCurrent(now: now, horizon: horizon) && $0.rejoinedThrough >= compactedThrough }.map(\.id)
    }

    /// What a backend reads, in the transaction of a rejoin, for the clocks and items the
    /// request names.
    package struct Inputs: Sendable, Equatable {
        /// The request's clocks the log holds now.
        package var stored: Set<HLCTimestamp>
        /// The request's clocks the log held once and compacted since.
        package var compacted: Set<HLCTimestamp>
        /// The clock of the latest purge the log holds of each of the request's items.
        package var latestPurges: [ItemKey: HLCTimestamp]
        /// The request's clocks the log holds as note snapshots without a body
        /// (`isNoteSnapshotWithoutBody`).
        package var withoutBody: Set<HLCTimestamp>
        /// The note versions named as a base by a body version the log holds of the request's
        /// notes (`bases(namedBy:)`).
        package var namedBases: Set<HLCTimestamp>
        /// Every change the log holds of the request's items that hold a purge, and of its
        /// notes, in sequence order: what a rejoin sends again (`Plan.resends`).
        package var itemChanges: [ItemKey: [ServerChange]]
        /// The log's last sequence.
        package var lastSequence: Int64

        package init(
            stored: Set<HLCTimestamp>, compacted: Set<HLCTimestamp>, latestPurges: [ItemKey: HLCTimestamp],
            withoutBody: Set<HLCTimestamp> = [], namedBases: Set<HLCTimestamp> = [], itemChanges: [ItemKey: [ServerChange]] = [:],
            lastSequence: Int64
        ) {
            self.stored = stored
            self.compacted = compacted
            self.latestPurges = latestPurges
            self.withoutBody = withoutBody
            self.namedBases = namedBases
            self.itemChanges = itemChanges
            self.lastSequence = lastSequence
        }

        /// The inputs a backend reads from the changes it holds of the request's items
        /// (`items(of:)`), each in sequence order, besides the request's clocks it holds and the
        /// ones it compacted: the latest purges, the note versions named as bases, the note
        /// snapshots without a body, and the changes of the items a rejoin may send again.
        package init(
            _ request: RejoinRequest, stored: Set<HLCTimestamp>, compacted: Set<HLCTimestamp>, held: [ItemKey: [ServerChange]],
            lastSequence: Int64
        ) {
            let clocks = Set(RejoinRules.clocks(of: request))
            var latestPurges: [ItemKey: HLCTimestamp] = [:]
            var namedBases = Set<HLCTimestamp>()
            var withoutBody = Set<HLCTimestamp>()
            var itemChanges: [ItemKey: [ServerChange]] = [:]
            for (item, changes) in held {
                for stored in changes {
                    let change = stored.change
                    if change.operation == .purge { latestPurges[item] = max(latestPurges[item] ?? change.timestamp, change.timestamp) }
                    namedBases.formUnion(RejoinRules.bases(namedBy: change))
                    if clocks.contains(change.timestamp), RejoinRules.isNoteSnapshotWithoutBody(change) { withoutBody.insert(change.timestamp) }
                }
                if item.entity == .note || latestPurges[item] != nil { itemChanges[item] = changes }
            }
            self.init(
                stored: stored, compacted: compacted.subtracting(stored), latestPurges: latestPurges, withoutBody: withoutBody,
                namedBases: namedBases, itemChanges: itemChanges, lastSequence: lastSequence)
        }
    }

    /// What a rejoin does: the answer, and the changes stored again (numbered from the log's
    /// last sequence on, in one transaction) with what they add to the digest.
    package struct Plan: Sendable, Equatable {
        /// A change the log holds, sent again under a new sequence.
        package struct Resend: Sendable, Equatable {
            /// The sequence it leaves.
            package var old: Int64
            package var change: ServerChange
        }

        package var response: RejoinResponse
        package var inserts: [ServerChange] = []
        /// Changes the log holds that it sends again, under new sequences after the inserts:
        /// every change of an item the device's held changes reopen. Devices that compacted
        /// them since get them back.
        package var resends: [Resend] = []
        package var tally = LibraryDigest.Tally()
        /// The device completes its rejoin: the backend records it as agreeing with compaction
        /// up to `compactedThrough`.
        package var completes = false

        /// The changes stored under new sequences, in order: the inserts, then the resends.
        package var stored: [ServerChange] { inserts + resends.map(\.change) }

        /// The items the inserts and resends are about, each once.
        package var items: [ItemKey] {
            var seen = Set<ItemKey>()
            return stored.map { ItemKey($0.change) }.filter { seen.insert($0).inserted }
        }
    }

    /// Every clock a request names, held or sent whole: what a backend looks up.
    package static func clocks(of request: RejoinRequest) -> [HLCTimestamp] {
        request.held.map(\.timestamp) + request.changes.map(\.timestamp)
    }

    /// Every item a request names.
    package static func items(of request: RejoinRequest) -> Set<ItemKey> {
        Set(request.held.map { ItemKey(entity: $0.entity, id: $0.entityID) } + request.changes.map(ItemKey.init))
    }

    /// Whether a stored change is a note snapshot that compaction left without its body (what
    /// a backend reads into `Inputs.withoutBody`).
    package static func isNoteSnapshotWithoutBody(_ change: Change) -> Bool {
        guard change.entity == .note, change.operation == .create, let value = change.value else { return false }
        return MergeRules.jsonFields(value).map { $0[MergeRules.noteBodyField] == nil } ?? false
    }

    /// The note snapshot `held` (a value the log keeps without its body) with the body of
    /// `sent` (the same snapshot as a device kept it); nil when `sent` has no body or either
    /// does not read. The other members stay as the log keeps them: compaction may have taken
    /// out more since (tags that lost).
    package static func puttingBody(of sent: String, into held: String) -> String? {
        guard let body = MergeRules.jsonFields(sent)?[MergeRules.noteBodyField], var members = MergeRules.jsonFields(held),
            members[MergeRules.noteBodyField] == nil
        else { return nil }
        members[MergeRules.noteBodyField] = body
        return JSONText.object(members)
    }

    /// A note snapshot's value without its body; nil when it has none (or does not read).
    package static func removingBody(from value: String) -> String? {
        guard var members = MergeRules.jsonFields(value), members.removeValue(forKey: MergeRules.noteBodyField) != nil else { return nil }
        return JSONText.object(members)
    }

    /// The versions named as a base by a note-body change (a stored change of a note the
    /// request names, as a backend reads it into `Inputs.namedBases`).
    package static func bases(namedBy change: Change) -> [HLCTimestamp] {
        guard change.entity == .note, change.operation == .update, change.field == MergeRules.noteBodyField, let value = change.value
        else { return [] }
        return NoteBodyEdit.version(fromJSON: value, timestamp: change.timestamp)?.base ?? []
    }

    /// Whether a compacted change of `item` with clock `clock` comes back: the log holds a
    /// later purge of its item (a later write undoes the purge, and the item must come back
    /// whole), or it is a note version a version the log holds was edited from (a device that
    /// was away edited from it while the server dropped it: with it, the edits merge against
    /// their common version rather than conflict).
    static func comesBack(_ clock: HLCTimestamp, of item: ItemKey, inputs: Inputs) -> Bool {
        inputs.latestPurges[item].map { $0 > clock } ?? false || inputs.namedBases.contains(clock)
    }

    /// Whether the log's versions of a note have several heads: edits made apart that a merge
    /// puts together from the versions they come from, which devices may have compacted while
    /// the server did not wait for the device that rejoins.
    static func isForked(_ item: ItemKey, inputs: Inputs, known: inout [ItemKey: Bool]) -> Bool {
        guard item.entity == .note, let changes = inputs.itemChanges[item] else { return false }
        if let answer = known[item] { return answer }
        let answer = (MergeState(merging: changes.map(\.change)).noteBody?.allHeads.count ?? 0) > 1
        known[item] = answer
        return answer
    }

    /// Plans a rejoin at server time `now`, for a device that must rejoin (`mustRejoin`)
    /// when `rejoining`.
    package static func plan(_ request: RejoinRequest, inputs: Inputs, rejoining: Bool, now: Date) -> Plan {
        var response = RejoinResponse(rejoining: rejoining && !request.complete)
        var reopened: [ItemKey] = []
        var forked: [ItemKey: Bool] = [:]
        // A note snapshot the log keeps without its first body: the device takes the body out
        // of its copy too, unless the note's versions have several heads and one was edited
        // from that body: the device sends it whole, and the log gets the body back.
        for held in request.held where inputs.withoutBody.contains(held.timestamp) {
            let item = ItemKey(entity: held.entity, id: held.entityID)
            if inputs.namedBases.contains(held.timestamp), isForked(item, inputs: inputs, known: &forked) {
                response.restore.append(held.timestamp)
            } else {
                response.withoutBody.append(held.timestamp)
            }
        }
        for held in request.held where inputs.compacted.contains(held.timestamp) || inputs.stored.contains(held.timestamp) {
            let item = ItemKey(entity: held.entity, id: held.entityID)
            let afterPurge = inputs.latestPurges[item].map { $0 > held.timestamp } ?? false
            if !reopened.contains(item), afterPurge || isForked(item, inputs: inputs, known: &forked) { reopened.append(item) }
            guard inputs.compacted.contains(held.timestamp) else { continue }
            if comesBack(held.timestamp, of: item, inputs: inputs) {
                response.restore.append(held.timestamp)
            } else {
                response.forget.append(held.timestamp)
            }
        }
        var plan = Plan(response: response, completes: request.complete)
        var stored = inputs.stored
        var next = inputs.lastSequence
        for change in request.changes
        where inputs.compacted.contains(change.timestamp) && comesBack(change.timestamp, of: ItemKey(change), inputs: inputs)
            && ChangeValidation.problem(with: change, now: now) == nil
        {
            guard stored.insert(change.timestamp).inserted else { continue }
            next += 1
            plan.inserts.append(ServerChange(sequence: next, change: change))
            plan.tally.add(entity: change.entity, id: change.entityID, timestamp: change.timestamp.description)
            // A note version comes back because a version the log holds was edited from it;
            // other devices may have compacted that one since, and the version alone would be a
            // head of its own there (simulation seed 722934): the note's changes go again too.
            let item = ItemKey(change)
            if item.entity == .note, !reopened.contains(item) { reopened.append(item) }
        }
        // A note snapshot sent back whole whose body the log took out (see above): the log keeps
        // it with its body again, and sends it again.
        var bodies: [HLCTimestamp: Change] = [:]
        for change in request.changes where inputs.withoutBody.contains(change.timestamp) && inputs.namedBases.contains(change.timestamp) {
            let item = ItemKey(change)
            guard isForked(item, inputs: inputs, known: &forked), let value = change.value,
                let held = inputs.itemChanges[item]?.first(where: { $0.change.timestamp == change.timestamp }),
                let kept = held.change.value, let whole = RejoinRules.puttingBody(of: value, into: kept)
            else { continue }
            var restored = held.change
            restored.value = whole
            guard ChangeValidation.problem(with: restored, now: now) == nil else { continue }
            bodies[change.timestamp] = restored
            if !reopened.contains(item) { reopened.append(item) }
        }
        plan.response.restored = plan.inserts.count + bodies.count
        // Other devices may have compacted what the log still holds of a reopened item, as the
        // server allowed while it did not wait for this device: every change of it goes again.
        for item in reopened {
            for held in inputs.itemChanges[item] ?? [] {
                next += 1
                plan.resends.append(
                    Plan.Resend(old: held.sequence, change: ServerChange(sequence: next, change: bodies[held.change.timestamp] ?? held.change)))
            }
        }
        return plan
    }
}
