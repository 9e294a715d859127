import Foundation

/// A note: on an article (often with a quoted passage from it) or standalone.
public struct Note: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    /// The article the note is about; nil for a standalone note.
    public var articleID: String?
    /// A passage of the article the note comments on.
    public var quote: String?
    /// The user's own text, as Markdown.
    public var body: String
    /// Sorted, without duplicates.
    public var tags: [String]
    public var createdAt: Date
    public var updatedAt: Date
    /// When the note was moved to the trash; nil when it is not in the trash.
    public var trashedAt: Date?
    /// Bodies that lost to overlapping edits made on other devices (see `NoteBodyMerge`):
    /// empty unless the note is in conflict. Computed by the merge, never edited directly.
    public var conflicts: [NoteConflict]

    public init(
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

    public var isTrashed: Bool { trashedAt != nil }

    /// Whether overlapping edits left other bodies to choose from (`folio note resolve`).
    public var hasConflict: Bool { !conflicts.isEmpty }

    private enum CodingKeys: String, CodingKey {
        case id, articleID, quote, body, tags, createdAt, updatedAt, trashedAt, conflicts
    }

    public init(from decoder: Decoder) throws {
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
