import Foundation

/// Forks of a note whose line the server compacted (docs/sync-protocol.md, "A device that comes
/// back"): a device the server stopped waiting for edits an older version of a note while the
/// others settle a later line, and the server drops the versions in the middle of that line
/// (rule 6). A device may still hold them (its author, as its own pushed changes, which go only
/// by its own compaction; any other that merged them and has not compacted them yet), and would
/// merge the fork against them where every other device shows a conflict. So every device is
/// asked to rejoin: a rejoin that names such a version sends it back (`comesBack`: a version the
/// log holds was edited from it), the log sends the note's changes again to every device, and
/// every device merges the fork the same way.
extension RejoinRules {
    /// The notes of which `inserts` hold body versions (a snapshot or a body edit), each with
    /// the clocks of those versions: what a backend reads the held changes of after a push.
    package static func notesWithNewVersions(_ inserts: [ServerChange]) -> [ItemKey: Set<HLCTimestamp>] {
        var notes: [ItemKey: Set<HLCTimestamp>] = [:]
        for insert in inserts {
            let change = insert.change
            guard change.entity == .note, change.operation == .create || change.field == MergeRules.noteBodyField else { continue }
            notes[ItemKey(change), default: []].insert(change.timestamp)
        }
        return notes
    }

    /// The versions that the body versions among a note's `held` changes name as their base and
    /// that the log does not hold: the clocks a backend looks up among the compacted ones.
    package static func missingBases(_ held: [Change]) -> Set<HLCTimestamp> {
        let clocks = Set(held.map(\.timestamp))
        return Set(held.flatMap { bases(namedBy: $0) }).subtracting(clocks)
    }

    /// Whether a push that stored the `inserted` changes of a note, whose changes the log now
    /// holds are `held`, asks every device to rejoin: it left two heads whose lineages share no
    /// version, where before it they did, and a lineage names as a base a version the log
    /// compacted (`isCompacted`). A note that was already so before the push asked then: further
    /// edits of a note left in conflict (no device held the versions any more) ask nothing.
    package static func forkNeedsCompactedVersions(held: [Change], inserted: Set<HLCTimestamp>, isCompacted: (HLCTimestamp) -> Bool) -> Bool {
        let after = compactedBasesOfBrokenForks(held, isCompacted: isCompacted)
        guard !after.isEmpty else { return false }
        return !after.isSubset(of: compactedBasesOfBrokenForks(held.filter { !inserted.contains($0.timestamp) }, isCompacted: isCompacted))
    }

    /// The compacted versions (`isCompacted`) named as a base in the lineages of two heads of
    /// the note that share no version.
    static func compactedBasesOfBrokenForks(_ changes: [Change], isCompacted: (HLCTimestamp) -> Bool) -> Set<HLCTimestamp> {
        let graph = NoteBodyMerge.Graph(MergeState(merging: changes).bodyVersions.values)
        guard graph.heads.count > 1 else { return [] }
        let lineages = graph.heads.map(graph.lineage)
        var bases: Set<HLCTimestamp> = []
        for (index, lineage) in lineages.enumerated() {
            for other in lineages[(index + 1)...] where lineage.isDisjoint(with: other) {
                for position in lineage.union(other) {
                    for base in graph.sorted[position].base ?? [] where isCompacted(base) { bases.insert(base) }
                }
            }
        }
        return bases
    }
}
