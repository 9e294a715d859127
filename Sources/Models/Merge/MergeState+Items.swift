import Foundation

extension MergeState {
    /// The article this state describes: absent when it is purged, unreadable when its merged
    /// fields do not decode. A purged article written to after its purge comes back in the
    /// trash.
    package func article(id: String) -> MergedItem<Article> {
        guard var members = itemMembers(id: id) else { return .absent }
        // Derived fields are computed here, on every device, from the merged ones.
        members["normalizedURL"] = "null"
        members["excerpt"] = "\"\""
        members["wordCount"] = "0"
        members["readingMinutes"] = "0"
        func derived(_ decoded: Article) -> Article {
            var article = decoded
            article.normalizedURL = article.url.flatMap(URLNormalizer.normalize)
            article.setContent(article.content)
            return article
        }
        // Read member by member; the decoder reads (or refuses, saying why) whatever that
        // leaves to it.
        if let article = Article(members: members) { return .present(derived(article)) }
        return decode(Article.self, from: members).map(derived)
    }

    /// The note this state describes: absent when it is purged, unreadable when its merged
    /// fields do not decode.
    package func note(id: String) -> MergedItem<Note> {
        guard var members = itemMembers(id: id) else { return .absent }
        members["conflicts"] = "[]"
        let body = noteBody
        if let body { members["body"] = JSONText.string(body.text) }
        return decode(Note.self, from: members).map { decoded in
            var note = decoded
            note.conflicts = body?.conflicts ?? []
            return note
        }
    }

    /// The merge of a note's bodies; nil when none is known.
    package var noteBody: NoteBodyMerge.Result? { NoteBodyMerge.merge(bodyVersions.values) }

    /// The item's fields as JSON member texts, with its id, tags, last update and trash
    /// state. The last update is the snapshot's own `updatedAt` (an imported item keeps its
    /// date) until a later change, whose clock time it then is. Nil when the item is absent
    /// (nothing known but a purge, or purged).
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

    /// Decodes the item from its members. Members it does not know are ignored (they stay in
    /// the change log, and carry on syncing); a member it needs but does not have yet makes
    /// it incomplete; any other failure makes it unreadable, never absent.
    private func decode<Item: Decodable>(_ type: Item.Type, from members: [String: String]) -> MergedItem<Item> {
        do {
            return .present(try FolioJSON.decoder().decode(Item.self, from: Data(JSONText.object(members).utf8)))
        } catch DecodingError.keyNotFound(let key, let context) where context.codingPath.isEmpty && members[key.stringValue] == nil {
            return .incomplete
        } catch {
            return .unreadable(reason: Self.describe(error))
        }
    }

    /// One line about a decoding failure: the field and what was wrong with its value.
    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.dataCorrupted(let context), DecodingError.keyNotFound(_, let context):
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            return field.isEmpty ? context.debugDescription : "\(field): \(context.debugDescription)"
        default:
            return String(describing: error)
        }
    }
}
