import Foundation

/// The merge rules every device and the server apply to changes, whatever order they arrive
/// in:
///
/// - Each field is last-writer-wins by hybrid logical clock (ties cannot happen: the clock
///   includes the device id), so concurrent edits to different fields both survive.
/// - Reading progress takes the larger value.
/// - Tags merge as a set: a tag is present when its last add is later than its last remove.
/// - A note's body is merged from every body it has had (`NoteBodyMerge`): concurrent edits
///   to different lines both survive, and overlapping ones keep the later text as the body
///   and the other as a conflict of the same note.
/// - Trash and restore set the `trashedAt` field, last writer wins.
/// - A purge is a tombstone. A write later than the purge brings the item back, in the trash,
///   so an edit that races a purge is never silently lost; writes older than the purge stay
///   purged.
///
/// `apply` is commutative, associative and idempotent over a set of changes, which the tests
/// check on random histories.
package enum MergeRules {
    /// What applying one change did.
    package enum Outcome: Sendable, Equatable {
        /// The change is now part of the state.
        case applied
        /// A later write (or the same change before) already decided; nothing changed.
        case superseded
    }

    /// Fields whose merge keeps the larger value rather than the later write.
    package static let maximumFields: Set<String> = ["progress"]

    /// Fields computed from others on every device, never merged on their own. (`updatedAt`
    /// is merged: a snapshot's value stands until a later change, whose clock time replaces it.)
    package static let derivedFields: Set<String> = [
        "id", "tags", "normalizedURL", "excerpt", "wordCount", "readingMinutes", "conflicts",
    ]

    /// The note field whose writes are versions merged as text rather than last-writer-wins.
    package static let noteBodyField = "body"

    /// Applies one change to the state of its item.
    @discardableResult
    package static func apply(_ change: Change, to state: inout MergeState) -> Outcome {
        switch change.operation {
        case .create:
            guard let snapshot = change.value.flatMap(jsonFields) else { return .superseded }
            var outcome = Outcome.superseded
            if change.entity == .note, let body = snapshot[noteBodyField],
                let version = NoteBodyEdit.version(fromJSON: body, timestamp: change.timestamp),
                addBodyVersion(version, to: &state)
            {
                outcome = .applied
            }
            for (name, value) in snapshot where !derivedFields.contains(name) {
                if write(name, value: value, at: change.timestamp, to: &state) { outcome = .applied }
            }
            if let tags = snapshot["tags"].flatMap(decodeStrings) {
                for tag in tags where addTag(tag, at: change.timestamp, to: &state) { outcome = .applied }
            }
            return outcome
        case .update:
            guard let field = change.field, let value = change.value, !derivedFields.contains(field) else { return .superseded }
            if change.entity == .note, field == noteBodyField {
                // Every version counts, not only the last: the field's last write is kept too,
                // for the item's latest write (purges and `updatedAt`).
                guard let version = NoteBodyEdit.version(fromJSON: value, timestamp: change.timestamp) else { return .superseded }
                write(field, value: value, at: change.timestamp, to: &state)
                return addBodyVersion(version, to: &state) ? .applied : .superseded
            }
            return write(field, value: value, at: change.timestamp, to: &state) ? .applied : .superseded
        case .tagAdd:
            guard let tag = change.value.flatMap(decodeString) else { return .superseded }
            return addTag(tag, at: change.timestamp, to: &state) ? .applied : .superseded
        case .tagRemove:
            guard let tag = change.value.flatMap(decodeString) else { return .superseded }
            var writes = state.tags[tag] ?? TagWrites()
            guard writes.removed.map({ change.timestamp > $0 }) ?? true else { return .superseded }
            writes.removed = change.timestamp
            state.tags[tag] = writes
            return .applied
        case .trash:
            let value = "\"" + ISODate.format(change.timestamp.date) + "\""
            return write("trashedAt", value: value, at: change.timestamp, to: &state) ? .applied : .superseded
        case .restore:
            return write("trashedAt", value: "null", at: change.timestamp, to: &state) ? .applied : .superseded
        case .purge:
            guard state.purgedAt.map({ change.timestamp > $0 }) ?? true else { return .superseded }
            state.purgedAt = change.timestamp
            return .applied
        }
    }

    /// Whether the item should come back in the trash: it was purged, then written to.
    package static func isResurrected(_ state: MergeState) -> Bool {
        guard let purgedAt = state.purgedAt, let latest = state.latestWrite else { return false }
        return latest > purgedAt
    }

    private static func addBodyVersion(_ version: NoteBodyVersion, to state: inout MergeState) -> Bool {
        guard state.bodyVersions[version.timestamp] == nil else { return false }
        state.bodyVersions[version.timestamp] = version
        return true
    }

    /// Writes one field if the write wins; returns whether the state changed.
    @discardableResult
    private static func write(_ field: String, value: String, at timestamp: HLCTimestamp, to state: inout MergeState) -> Bool {
        guard let current = state.fields[field] else {
            state.fields[field] = FieldWrite(value: value, timestamp: timestamp)
            return true
        }
        if maximumFields.contains(field) {
            let new = Double(value) ?? 0
            let old = Double(current.value) ?? 0
            // The larger value wins; equal values keep the later clock, so the result does not
            // depend on the order.
            guard new > old || (new == old && timestamp > current.timestamp) else { return false }
        } else {
            guard timestamp > current.timestamp else { return false }
        }
        state.fields[field] = FieldWrite(value: value, timestamp: timestamp)
        return true
    }

    private static func addTag(_ tag: String, at timestamp: HLCTimestamp, to state: inout MergeState) -> Bool {
        var writes = state.tags[tag] ?? TagWrites()
        guard writes.added.map({ timestamp > $0 }) ?? true else { return false }
        writes.added = timestamp
        state.tags[tag] = writes
        return true
    }

    /// The top-level members of a JSON object, each as its JSON text (see `JSONText`).
    package static func jsonFields(_ json: String) -> [String: String]? {
        JSONText.members(json)
    }

    /// A tag's JSON string: read in one pass (`JSONText`), and by `JSONDecoder` when that
    /// reader leaves it (`JSONDecoder` took about a sixth of merging an item's changes here).
    private static func decodeString(_ json: String) -> String? {
        JSONText.stringValue(json) ?? (try? JSONDecoder().decode(String.self, from: Data(json.utf8)))
    }

    private static func decodeStrings(_ json: String) -> [String]? {
        JSONText.stringArray(json) ?? (try? JSONDecoder().decode([String].self, from: Data(json.utf8)))
    }
}
