/// What compacting one item's changes does (`CompactionRules.plan(for:settled:)`): the changes
/// that go, and the ones that stay with a smaller value (a snapshot without the members later
/// writes superseded).
package struct CompactionPlan: Sendable, Equatable {
    /// The clocks of the changes to delete.
    package var drops: Set<HLCTimestamp> = []
    /// The changes to keep with a new value, by clock: the same change (same clock, entity,
    /// item and operation) without what no longer matters.
    package var rewrites: [HLCTimestamp: String] = [:]
    /// The item is purged and its purge settled: only the purge stays (rule 5), whoever made
    /// the other changes.
    package var onlyPurge = false

    package init(drops: Set<HLCTimestamp> = [], rewrites: [HLCTimestamp: String] = [:], onlyPurge: Bool = false) {
        self.drops = drops
        self.rewrites = rewrites
        self.onlyPurge = onlyPurge
    }

    /// Whether the plan changes nothing.
    package var isEmpty: Bool { drops.isEmpty && rewrites.isEmpty }

    /// The changes as they are after the plan: the dropped ones out, the rewritten ones with
    /// their new values.
    package func applied(to changes: [Change]) -> [Change] {
        changes.compactMap { change in
            guard !drops.contains(change.timestamp) else { return nil }
            var kept = change
            if let value = rewrites[change.timestamp] { kept.value = value }
            return kept
        }
    }

    /// The bytes of values the plan frees from `changes` (dropped values, and what rewrites
    /// take off).
    package func freedBytes(of changes: [Change]) -> Int {
        changes.reduce(0) { total, change in
            let size = change.value?.utf8.count ?? 0
            if drops.contains(change.timestamp) { return total + size }
            if let value = rewrites[change.timestamp] { return total + max(0, size - value.utf8.count) }
            return total
        }
    }
}
