import Foundation

extension MergeState {
    /// The article this state describes, or nil when it is purged or incomplete. A purged
    /// article written to after its purge comes back in the trash.
    public func article(id: String) -> Article? {
        guard var members = itemMembers(id: id) else { return nil }
        // Derived fields are computed here, on every device, from the merged ones.
        members["normalizedURL"] = "null"
        members["excerpt"] = "\"\""
        members["wordCount"] = "0"
        members["readingMinutes"] = "0"
        guard var article = decode(Article.self, from: members) else { return nil }
        article.normalizedURL = article.url.flatMap(URLNormalizer.normalize)
        article.setContent(article.content)
        return article
    }

    /// The note this state describes, or nil when it is purged or incomplete.
    public func note(id: String) -> Note? {
        guard var members = itemMembers(id: id) else { return nil }
        members["conflicts"] = "[]"
        let body = noteBody
        if let body { members["body"] = JSONText.string(body.text) }
        guard var note = decode(Note.self, from: members) else { return nil }
        note.conflicts = body?.conflicts ?? []
        return note
    }

    /// The merge of a note's bodies; nil when none is known.
    public var noteBody: NoteBodyMerge.Result? { NoteBodyMerge.merge(bodyVersions.values) }

    /// The item's fields as JSON member texts, with its id, tags, last update and trash
    /// state. The last update is the snapshot's own `updatedAt` (an imported item keeps its
    /// date) until a later change, whose clock time it then is.
    private func itemMembers(id: String) -> [String: String]? {
        guard hasContent, !isPurged, let latest = latestWrite else { return nil }
        var members = fields.mapValues(\.value)
        members["id"] = JSONText.string(id)
        members["tags"] = JSONText.strings(presentTags)
        let snapshotStands = fields["updatedAt"].map { $0.timestamp >= latest } ?? false
        if !snapshotStands { members["updatedAt"] = JSONText.string(ISODate.format(latest.date)) }
        // An item written to after its purge comes back in the trash, as trashed when it was
        // purged (a date later writes do not move), unless it was restored (or trashed) after
        // the purge: that later decision stands, like any later write.
        if let purgedAt, MergeRules.isResurrected(self), !(fields["trashedAt"].map { $0.timestamp > purgedAt } ?? false),
            members["trashedAt"].map({ $0 == "null" }) ?? true
        {
            members["trashedAt"] = JSONText.string(ISODate.format(purgedAt.date))
        }
        return members
    }

    private func decode<Item: Decodable>(_ type: Item.Type, from members: [String: String]) -> Item? {
        try? FolioJSON.decoder().decode(Item.self, from: Data(JSONText.object(members).utf8))
    }
}
