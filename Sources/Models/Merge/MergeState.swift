import Foundation

/// One field's current value (JSON text) and the clock of the write that set it.
public struct FieldWrite: Sendable, Codable, Hashable {
    public var value: String
    public var timestamp: HLCTimestamp

    public init(value: String, timestamp: HLCTimestamp) {
        self.value = value
        self.timestamp = timestamp
    }
}

/// The last time a tag was added to an item and the last time it was removed.
public struct TagWrites: Sendable, Codable, Hashable {
    public var added: HLCTimestamp?
    public var removed: HLCTimestamp?

    public init(added: HLCTimestamp? = nil, removed: HLCTimestamp? = nil) {
        self.added = added
        self.removed = removed
    }

    /// A tag is on the item when its last add is later than its last remove.
    public var isPresent: Bool {
        guard let added else { return false }
        guard let removed else { return true }
        return added > removed
    }
}

/// What a device keeps about one article or note to merge changes from any device in any
/// order: the last write of every field, the add and remove clocks of every tag, and the
/// purge tombstone. Applying the same set of changes, in any order and any number of times,
/// gives the same state (see `MergeRules`).
public struct MergeState: Sendable, Codable, Hashable {
    /// Field name (as in the item's JSON) to its last write. `trashedAt` is a field too.
    public var fields: [String: FieldWrite]
    public var tags: [String: TagWrites]
    /// The latest purge of the item.
    public var purgedAt: HLCTimestamp?
    /// Every body a note has had, by the clock of its write: the body is merged from all of
    /// them (`NoteBodyMerge`), not taken from the last write alone.
    public var bodyVersions: [HLCTimestamp: NoteBodyVersion]

    public init(
        fields: [String: FieldWrite] = [:], tags: [String: TagWrites] = [:], purgedAt: HLCTimestamp? = nil,
        bodyVersions: [HLCTimestamp: NoteBodyVersion] = [:]
    ) {
        self.fields = fields
        self.tags = tags
        self.purgedAt = purgedAt
        self.bodyVersions = bodyVersions
    }

    /// The latest write to any field or tag.
    public var latestWrite: HLCTimestamp? {
        let fieldTimes = fields.values.map(\.timestamp)
        let tagTimes = tags.values.flatMap { [$0.added, $0.removed].compactMap { $0 } }
        return (fieldTimes + tagTimes).max()
    }

    /// Whether the item is gone for good: purged, and nothing written after the purge.
    public var isPurged: Bool {
        guard let purgedAt else { return false }
        guard let latest = latestWrite else { return true }
        return latest < purgedAt
    }

    /// Whether anything but a purge is known of the item.
    public var hasContent: Bool { !fields.isEmpty }

    /// The tags on the item, sorted.
    public var presentTags: [String] {
        tags.filter { $0.value.isPresent }.map(\.key).sorted()
    }
}
