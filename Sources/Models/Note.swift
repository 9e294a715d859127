import Foundation

/// A note: on an article (often with a quoted passage from it) or standalone.
package struct Note: Sendable, Hashable, Codable, Identifiable {
    package var id: String
    /// The article the note is about; nil for a standalone note.
    package var articleID: String?
    /// A passage of the article the note comments on.
    package var quote: String?
    /// The user's own text, as Markdown.
    package var body: String
    /// Sorted, without duplicates.
    package var tags: [String]
    package var createdAt: Date
    package var updatedAt: Date
    /// When the note was moved to the trash; nil when it is not in the trash.
    package var trashedAt: Date?
    /// Bodies that lost to overlapping edits made on other devices (see `NoteBodyMerge`):
    /// empty unless the note is in conflict. Computed by the merge, never edited directly.
    package var conflicts: [NoteConflict]

    package init(
        id: String = EntityID.make(), articleID: String? = nil, quote: String? = nil, body: String,
        tags: [String] = [], createdAt: Date = Date(), trashedAt: Date? = nil
    ) {
        self.id = id
        self.articleID = articleID
        self.quote = quote
        self.body = body
        self.tags = Tag.normalizedSet(tags)
        self.createdAt = ISODate.canonical(createdAt)
        self.updatedAt = self.createdAt
        self.trashedAt = trashedAt.map(ISODate.canonical)
        self.conflicts = []
    }

    package var isTrashed: Bool { trashedAt != nil }

    /// Whether overlapping edits left other bodies to choose from (`folio note resolve`).
    package var hasConflict: Bool { !conflicts.isEmpty }

    private enum CodingKeys: String, CodingKey {
        case id, articleID, quote, body, tags, createdAt, updatedAt, trashedAt, conflicts
    }

    package init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        articleID = try container.decodeIfPresent(String.self, forKey: .articleID)
        quote = try container.decodeIfPresent(String.self, forKey: .quote)
        body = try container.decode(String.self, forKey: .body)
        tags = try container.decode([String].self, forKey: .tags)
        createdAt = try container.decode(Date.self, forKey: .createdAt)
        updatedAt = try container.decode(Date.self, forKey: .updatedAt)
        trashedAt = try container.decodeIfPresent(Date.self, forKey: .trashedAt)
        // Notes written before conflicts were kept have none.
        conflicts = try container.decodeIfPresent([NoteConflict].self, forKey: .conflicts) ?? []
    }
}
