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
            for clock in CompactionRules.essentials(of: state) {
                tally.add(entity: key.entity, id: key.id, timestamp: clock.description)
            }
        }
        return tally
    }
}
