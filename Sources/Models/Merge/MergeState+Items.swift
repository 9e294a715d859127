import Foundation

extension MergeState {
    /// The article this state describes, or nil when it is purged or incomplete. A purged
    /// article written to after its purge comes back in the trash.
    public func article(id: String) -> Article? {
        guard var object = itemObject(id: id) else { return nil }
        let url = object["url"] as? String
        object["normalizedURL"] = url.flatMap(URLNormalizer.normalize) ?? NSNull()
        let statistics = TextStatistics(markdown: object["content"] as? String ?? "")
        object["excerpt"] = statistics.excerpt
        object["wordCount"] = statistics.wordCount
        object["readingMinutes"] = statistics.readingMinutes
        return decode(Article.self, from: object)
    }

    /// The note this state describes, or nil when it is purged or incomplete.
    public func note(id: String) -> Note? {
        guard var object = itemObject(id: id) else { return nil }
        if let body = NoteBodyMerge.merge(bodyVersions.values) {
            object["body"] = body.text
            object["conflicts"] = body.conflicts.map { ["body": $0.body, "versions": $0.versions.map(\.description)] }
        }
        return decode(Note.self, from: object)
    }

    /// The merge of a note's bodies; nil when none is known.
    public var noteBody: NoteBodyMerge.Result? { NoteBodyMerge.merge(bodyVersions.values) }

    /// The item's fields as a JSON object, with its id, tags, last update and trash state.
    /// The last update is the snapshot's own `updatedAt` (an imported item keeps its date)
    /// until a later change, whose clock time it then is.
    private func itemObject(id: String) -> [String: Any]? {
        guard hasContent, !isPurged, let latest = latestWrite else { return nil }
        var object: [String: Any] = [:]
        for (name, write) in fields {
            object[name] = (try? JSONSerialization.jsonObject(with: Data(write.value.utf8), options: .fragmentsAllowed)) ?? NSNull()
        }
        object["id"] = id
        object["tags"] = presentTags
        let latestDate = ISODate.format(latest.date)
        let snapshotStands = fields["updatedAt"].map { $0.timestamp >= latest } ?? false
        if !snapshotStands { object["updatedAt"] = latestDate }
        // An item written to after its purge comes back in the trash, as trashed when it was
        // purged (a date later writes do not move), unless it was restored (or trashed) after
        // the purge: that later decision stands, like any later write.
        if let purgedAt, MergeRules.isResurrected(self), !(fields["trashedAt"].map { $0.timestamp > purgedAt } ?? false),
            object["trashedAt"] is NSNull || object["trashedAt"] == nil
        {
            object["trashedAt"] = ISODate.format(purgedAt.date)
        }
        return object
    }

    private func decode<Item: Decodable>(_ type: Item.Type, from object: [String: Any]) -> Item? {
        guard let data = try? JSONSerialization.data(withJSONObject: object) else { return nil }
        return try? FolioJSON.decoder().decode(Item.self, from: data)
    }
}
