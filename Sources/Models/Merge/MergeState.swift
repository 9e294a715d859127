import Foundation

/// One field's current value (JSON text) and the clock of the write that set it.
package struct FieldWrite: Sendable, Codable, Hashable {
    package var value: String
    package var timestamp: HLCTimestamp

    package init(value: String, timestamp: HLCTimestamp) {
        self.value = value
        self.timestamp = timestamp
    }
}

/// The last time a tag was added to an item and the last time it was removed.
package struct TagWrites: Sendable, Codable, Hashable {
    package var added: HLCTimestamp?
    package var removed: HLCTimestamp?

    package init(added: HLCTimestamp? = nil, removed: HLCTimestamp? = nil) {
        self.added = added
        self.removed = removed
    }

    /// A tag is on the item when its last add is later than its last remove.
    package var isPresent: Bool {
        guard let added else { return false }
        guard let removed else { return true }
        return added > removed
    }
}

/// What a device keeps about one article or note to merge changes from any device in any
/// order: the last write of every field, the add and remove clocks of every tag, and the
/// purge tombstone. Applying the same set of changes, in any order and any number of times,
/// gives the same state (see `MergeRules`).
package struct MergeState: Sendable, Codable, Hashable {
    /// Field name (as in the item's JSON) to its last write. `trashedAt` is a field too.
    package var fields: [String: FieldWrite]
    package var tags: [String: TagWrites]
    /// The latest purge of the item.
    package var purgedAt: HLCTimestamp?
    /// Every body a note has had, by the clock of its write: the body is merged from all of
    /// them (`NoteBodyMerge`), not taken from the last write alone.
    package var bodyVersions: [HLCTimestamp: NoteBodyVersion]

    package init(
        fields: [String: FieldWrite] = [:], tags: [String: TagWrites] = [:], purgedAt: HLCTimestamp? = nil,
        bodyVersions: [HLCTimestamp: NoteBodyVersion] = [:]
    ) {
        self.fields = fields
        self.tags = tags
        self.purgedAt = purgedAt
        self.bodyVersions = bodyVersions
    }

    /// The latest write to any field or tag.
    package var latestWrite: HLCTimestamp? {
        let fieldTimes = fields.values.map(\.timestamp)
        let tagTimes = tags.values.flatMap { [$0.added, $0.removed].compactMap { $0 } }
        return (fieldTimes + tagTimes).max()
    }

    /// Whether the item is gone for good: purged, and nothing written after the purge.
    package var isPurged: Bool {
        guard let purgedAt else { return false }
        guard let latest = latestWrite else { return true }
        return latest < purgedAt
    }

    /// Whether anything but a purge is known of the item.
    package var hasContent: Bool { !fields.isEmpty }

    /// The tags on the item, sorted.
    package var presentTags: [String] {
        tags.filter { $0.value.isPresent }.map(\.key).sorted()
    }
}
