import Foundation

/// One body a note has had: the text one write gave it, and the versions it was edited from.
package struct NoteBodyVersion: Sendable, Hashable, Codable {
    /// The write's clock: it names the version everywhere.
    package var timestamp: HLCTimestamp
    package var text: String
    /// The versions the text was edited from (what the editing device showed, see
    /// `NoteBodyMerge`). Nil when the write does not say: a note's first body, or a body
    /// written before versions were named. Such a version follows every earlier one, as a
    /// last-writer-wins write would.
    package var base: [HLCTimestamp]?

    package init(timestamp: HLCTimestamp, text: String, base: [HLCTimestamp]?) {
        self.timestamp = timestamp
        self.text = text
        self.base = base
    }
}

/// The value of a note-body change as it travels: the new text and the versions it was edited
/// from, `{"base": ["<timestamp>", …], "text": "…"}`. A plain JSON string is a body that names
/// no base.
package struct NoteBodyEdit: Sendable, Hashable, Codable {
    package var text: String
    package var base: [HLCTimestamp]

    package init(text: String, base: [HLCTimestamp]) {
        self.text = text
        self.base = base
    }

    /// The version a body change's JSON value describes; nil when it is neither form.
    package static func version(fromJSON value: String, timestamp: HLCTimestamp) -> NoteBodyVersion? {
        let data = Data(value.utf8)
        if let text = try? JSONDecoder().decode(String.self, from: data) {
            return NoteBodyVersion(timestamp: timestamp, text: text, base: nil)
        }
        guard let edit = try? JSONDecoder().decode(NoteBodyEdit.self, from: data) else { return nil }
        return NoteBodyVersion(timestamp: timestamp, text: edit.text, base: edit.base)
    }
}

/// A body of a note that lost a conflict: kept with the note, never as another note, until the
/// user resolves it (`folio note resolve`).
package struct NoteConflict: Sendable, Hashable, Codable {
    /// The text that lost.
    package var body: String
    /// The versions whose edits it holds.
    package var versions: [HLCTimestamp]

    package init(body: String, versions: [HLCTimestamp]) {
        self.body = body
        self.versions = versions
    }
}

/// The merge of a note's body, a pure function of the set of versions a device knows, so
/// every device that knows the same versions shows the same text:
///
/// 1. The *heads* are the versions no other version was edited from (a note edited on one
///    device at a time has one head: its latest body).
/// 2. Heads are merged oldest first (by clock) into one text, each with a line-level
///    three-way merge (`ThreeWayMerge`) whose base is the latest version both sides come from.
///    Edits to different lines both survive.
/// 3. When two sides' edits overlap and differ, the later head's text stays the note's body
///    and the earlier side is kept as a `NoteConflict` of the same note.
///
/// An edit made on a device names as its base the heads the shown text holds, so it follows
/// all of them. An edit of a conflicted note still leaves the conflict; resolving names every
/// head, so the note has one head again.
package enum NoteBodyMerge {
    /// What the versions come to.
    package struct Result: Sendable, Equatable {
        /// The body the note shows.
        package var text: String
        /// The heads whose edits `text` holds: the base of the next edit on this device.
        package var heads: [HLCTimestamp]
        /// The texts that lost to overlapping edits, oldest first; empty when none did.
        package var conflicts: [NoteConflict]

        /// Every head: the base of an edit that resolves the conflicts.
        package var allHeads: [HLCTimestamp] { (heads + conflicts.flatMap(\.versions)).sorted() }
    }

    /// Merges the versions; nil when there are none.
    package static func merge(_ versions: some Collection<NoteBodyVersion>) -> Result? {
        let graph = Graph(versions)
        let sorted = graph.sorted
        guard !sorted.isEmpty else { return nil }
        let heads = graph.heads
        let lineage = graph.lineage

        var text = sorted[heads[0]].text
        var covered = [heads[0]]
        var ancestry = lineage(heads[0])
        var conflicts: [NoteConflict] = []
        for head in heads.dropFirst() {
            let headAncestry = lineage(head)
            let base = ancestry.intersection(headAncestry).max().map { sorted[$0].text } ?? ""
            switch ThreeWayMerge.merge(base: base, ours: text, theirs: sorted[head].text) {
            case .merged(let merged):
                text = merged
                covered.append(head)
                ancestry.formUnion(headAncestry)
            case .conflict:
                conflicts.append(NoteConflict(body: text, versions: covered.map { sorted[$0].timestamp }))
                text = sorted[head].text
                covered = [head]
                ancestry = headAncestry
            }
        }
        return Result(text: text, heads: covered.map { sorted[$0].timestamp }, conflicts: conflicts)
    }

    /// The versions a device knows as the merge reads them: by clock, each with its parents
    /// (the known versions of its base that are older than it, a base naming a later version
    /// being ignored, or every earlier version when it names none), and the heads.
    package struct Graph {
        /// The versions, oldest first.
        package let sorted: [NoteBodyVersion]
        /// Each version's parents, as positions in `sorted`.
        let parents: [[Int]]
        /// The versions that are no other version's parent, as positions in `sorted`. A version
        /// that names no base has every earlier one as parent, so nothing before the last such
        /// version is a head.
        package let heads: [Int]

        package init(_ versions: some Collection<NoteBodyVersion>) {
            let sorted = versions.sorted { $0.timestamp < $1.timestamp }
            var index: [HLCTimestamp: Int] = [:]
            for (position, version) in sorted.enumerated() { index[version.timestamp] = position }
            let parents: [[Int]] = sorted.enumerated().map { position, version in
                guard let base = version.base else { return Array(0..<position) }
                return base.compactMap { index[$0] }.filter { $0 < position }
            }
            let lastUnnamed = sorted.lastIndex { $0.base == nil } ?? 0
            var isParent = [Bool](repeating: false, count: sorted.count)
            for (position, version) in sorted.enumerated() where version.base != nil {
                for parent in parents[position] { isParent[parent] = true }
            }
            self.sorted = sorted
            self.parents = parents
            self.heads = sorted.isEmpty ? [] : (lastUnnamed..<sorted.count).filter { !isParent[$0] }
        }

        /// A version and everything it comes from, as positions in `sorted`.
        package func lineage(_ start: Int) -> Set<Int> {
            var seen: Set<Int> = [start]
            var pending = [start]
            while let next = pending.popLast() {
                if sorted[next].base == nil {
                    seen.formUnion(0..<next)  // every earlier version, and so their lineages
                    continue
                }
                for parent in parents[next] where seen.insert(parent).inserted { pending.append(parent) }
            }
            return seen
        }
    }
}
