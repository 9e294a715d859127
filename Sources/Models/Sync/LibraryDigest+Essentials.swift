extension LibraryDigest {
    /// The tally of what a set of changes makes of its items: per item, the changes that
    /// decide its result whatever else is known (`CompactionRules.essentials(of:)`: winners,
    /// each tag's latest operation, the latest purge, a note body's heads; only the purge of a
    /// purged item). Compaction never changes it, so a device and the server that hold
    /// different histories of the same library agree on it.
    package static func essentials(of changes: [Change]) -> Tally {
        var states: [ItemKey: MergeState] = [:]
        for change in changes { MergeRules.apply(change, to: &states[ItemKey(change), default: MergeState()]) }
        var tally = Tally()
        for (key, state) in states {
            let share = essentialShare(of: state, id: key.id)
            tally.add(entity: key.entity, count: share.count, sum: share.sum)
        }
        return tally
    }

    /// One item's share of `essentials(of:)`: how many changes decide what `state` makes of
    /// the item, and the wrapping sum of their hashes.
    package static func essentialShare(of state: MergeState, id: String) -> (count: Int, sum: UInt64) {
        let clocks = CompactionRules.essentials(of: state)
        var sum: UInt64 = 0
        for clock in clocks { sum &+= Tally.hash(id: id, timestamp: clock.description) }
        return (clocks.count, sum)
    }
}
