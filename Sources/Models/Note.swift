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
    }

    public var isTrashed: Bool { trashedAt != nil }
}
