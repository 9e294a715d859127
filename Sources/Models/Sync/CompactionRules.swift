import Foundation

/// Which changes of an item can no longer affect any device's result, written once: values in,
/// a plan out (docs/sync-protocol.md, "Compaction", has the proof sketch).
///
/// The merge (`MergeRules`) keeps, per item, only the winners: each field's winning write, the
/// last add and last remove of each tag, the latest purge, and the note-body versions. A merge
/// of any superset of the changes gives the same winners as long as the winners are in it, so:
///
/// - a field write that is not its field's winner goes (last writer by clock; for `progress`,
///   the larger value, equal values to the later clock: the merge's own order, so a lower
///   value written later goes and a larger value written earlier stays);
/// - a tag add or remove goes when a later add or remove of the same tag is known;
/// - an older purge goes when a later one is known;
/// - a snapshot (`create`) goes when none of its members, tags or body wins; when some do, it
///   stays without the members that lost.
///
/// Two rules also depend on what the devices hold, so they apply only to changes every device
/// that can still write has acknowledged (`settled`: it pulled past the change with nothing
/// of its own left to push):
///
/// - a purged item (no winning write later than its latest purge) keeps only that purge, once
///   the purge is settled: a device that merged it no longer holds the item, so it cannot
///   write to it, and a write later than the purge (which brings the item back with all its
///   fields) can no longer come;
/// - a note keeps none of the body versions that the newest settled version every head comes
///   from comes from (with one settled head, it keeps only that head): every device holds that
///   version, so every later edit comes from it (or a later version), and the older versions
///   are never the base of a merge again.
package enum CompactionRules {
    /// Plans the compaction of one item from every change known of it (one entity and id,
    /// any order).
    ///
    /// - Parameter settled: whether every device that can still write has acknowledged the
    ///   change with this clock. A device, which does not know what the others hold, passes
    ///   `{ _ in false }`: then only superseded writes go.
    package static func plan(for changes: [Change], settled: (HLCTimestamp) -> Bool) -> CompactionPlan {
        guard let entity = changes.first?.entity else { return CompactionPlan() }
        var state = MergeState()
        for change in changes { MergeRules.apply(change, to: &state) }
        let needed = Needed(state: state, entity: entity, settled: settled)
        var plan = CompactionPlan(onlyPurge: needed.onlyPurge)
        for change in changes {
            switch needed.decision(for: change) {
            case .keep: break
            case .drop: plan.drops.insert(change.timestamp)
            case .rewrite(let value): plan.rewrites[change.timestamp] = value
            }
        }
        return plan
    }

    /// The clocks of the changes that decide an item's result whatever the devices hold: each
    /// field's winner, each tag's latest add or remove, the latest purge, and the heads of a
    /// note's body; only the purge when the item is purged. Compaction never changes this set
    /// (it keeps every one of them, and the merge of what it keeps gives the same winners),
    /// so a digest over it compares what a device and the server hold now (`LibraryDigest`).
    package static func essentials(of state: MergeState) -> Set<HLCTimestamp> {
        if state.isPurged, let purgedAt = state.purgedAt { return [purgedAt] }
        var clocks = Set(state.fields.values.map(\.timestamp))
        for writes in state.tags.values {
            if let latest = [writes.added, writes.removed].compactMap({ $0 }).max() { clocks.insert(latest) }
        }
        if let purgedAt = state.purgedAt { clocks.insert(purgedAt) }
        if let body = state.noteBody { clocks.formUnion(body.allHeads) }
        return clocks
    }

    /// What a change is to become.
    enum Decision: Equatable {
        case keep
        case drop
        /// Kept with this value instead.
        case rewrite(String)
    }

    /// What of an item's merge must stay: its winners, and the body versions still needed.
    struct Needed {
        /// Each field's winning clock.
        var fieldWinners: [String: HLCTimestamp] = [:]
        /// Each tag's latest add or remove.
        var tagLatest: [String: HLCTimestamp] = [:]
        var purge: HLCTimestamp?
        /// The note-body versions to keep (all but the ones no edit can come from any more).
        var versions: Set<HLCTimestamp> = []
        /// A settled purge: nothing but it stays.
        var onlyPurge = false
        var entity: Change.Entity

        init(state: MergeState, entity: Change.Entity, settled: (HLCTimestamp) -> Bool) {
            self.entity = entity
            purge = state.purgedAt
            if state.isPurged, let purgedAt = state.purgedAt, settled(purgedAt) {
                onlyPurge = true
                return
            }
            fieldWinners = state.fields.mapValues(\.timestamp)
            for (tag, writes) in state.tags {
                if let latest = [writes.added, writes.removed].compactMap({ $0 }).max() { tagLatest[tag] = latest }
            }
            versions = Set(state.bodyVersions.keys).subtracting(Self.versionsNoEditComesFrom(state.bodyVersions.values, settled: settled))
        }

        /// The note-body versions no edit can come from any more: the ones the newest settled
        /// version that every head comes from (a head comes from itself) comes from. Every device
        /// holds that version, so every edit made from now on comes from it or a later version,
        /// and the base of every merge (the latest version both sides come from) is it or later.
        /// With one settled head, all but the head.
        static func versionsNoEditComesFrom(_ versions: some Collection<NoteBodyVersion>, settled: (HLCTimestamp) -> Bool) -> Set<HLCTimestamp> {
            let graph = NoteBodyMerge.Graph(versions)
            guard let first = graph.heads.first else { return [] }
            var common = graph.lineage(first)
            for head in graph.heads.dropFirst() { common.formIntersection(graph.lineage(head)) }
            guard let root = common.filter({ settled(graph.sorted[$0].timestamp) }).max() else { return [] }
            return Set(graph.lineage(root).subtracting([root]).map { graph.sorted[$0].timestamp })
        }

        func decision(for change: Change) -> Decision {
            let clock = change.timestamp
            if onlyPurge { return change.operation == .purge && clock == purge ? .keep : .drop }
            switch change.operation {
            case .create:
                return snapshotDecision(for: change)
            case .update:
                guard let field = change.field else { return .drop }
                if entity == .note, field == MergeRules.noteBodyField {
                    return versions.contains(clock) || fieldWinners[field] == clock ? .keep : .drop
                }
                return fieldWinners[field] == clock ? .keep : .drop
            case .tagAdd, .tagRemove:
                guard let tag = change.value.flatMap(Self.decodeString) else { return .drop }
                return tagLatest[tag] == clock ? .keep : .drop
            case .trash, .restore:
                return fieldWinners["trashedAt"] == clock ? .keep : .drop
            case .purge:
                return purge == clock ? .keep : .drop
            }
        }

        /// A snapshot stays with the members that still win (the others' values are dropped
        /// from it), or goes when none does.
        private func snapshotDecision(for change: Change) -> Decision {
            let clock = change.timestamp
            guard let members = change.value.flatMap(MergeRules.jsonFields) else { return .drop }
            var kept = members
            var needed = false
            for (name, value) in members {
                if name == "tags" {
                    guard let tags = Self.decodeStrings(value) else { continue }
                    let winning = tags.filter { tagLatest[$0] == clock }
                    needed = needed || !winning.isEmpty
                    if winning.count < tags.count { kept[name] = JSONText.strings(winning) }
                    continue
                }
                guard !MergeRules.derivedFields.contains(name) else { continue }
                var wins = fieldWinners[name] == clock
                if entity == .note, name == MergeRules.noteBodyField, versions.contains(clock),
                    NoteBodyEdit.version(fromJSON: value, timestamp: clock) != nil
                {
                    wins = true
                }
                if wins { needed = true } else { kept[name] = nil }
            }
            guard needed else { return .drop }
            return kept == members ? .keep : .rewrite(JSONText.object(kept))
        }

        private static func decodeString(_ json: String) -> String? {
            try? JSONDecoder().decode(String.self, from: Data(json.utf8))
        }

        private static func decodeStrings(_ json: String) -> [String]? {
            try? JSONDecoder().decode([String].self, from: Data(json.utf8))
        }
    }
}
