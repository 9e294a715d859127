import Foundation

/// A saved article, as the store keeps it and as every device sees it.
package struct Article: Sendable, Hashable, Codable, Identifiable {
    /// Whether the article waits in the inbox or was put away.
    package enum State: String, Sendable, Codable, CaseIterable {
        case unread
        case archived
    }

    /// Whether the article's text is here yet.
    package enum ContentStatus: String, Sendable, Codable, CaseIterable {
        /// The text is stored.
        case ready
        /// Only the URL is saved; the page is to be fetched when online.
        case pending
    }

    package var id: String
    /// The URL the user saved, as given.
    package var url: String?
    /// `url` normalized (see `URLNormalizer`): what duplicates are detected by.
    package var normalizedURL: String?
    package var title: String
    package var byline: String?
    package var site: String?
    /// Publication date, when known.
    package var publishedAt: Date?
    /// When the article was saved.
    package var savedAt: Date
    /// When any field last changed.
    package var updatedAt: Date
    /// The text, as Markdown (plain text is valid Markdown).
    package var content: String
    package var excerpt: String
    package var wordCount: Int
    package var readingMinutes: Int
    /// Sorted, without duplicates.
    package var tags: [String]
    package var state: State
    package var starred: Bool
    /// How far the user has read, from 0 to 1.
    package var progress: Double
    package var contentStatus: ContentStatus
    /// When the article was moved to the trash; nil when it is not in the trash.
    package var trashedAt: Date?

    package init(
        id: String = EntityID.make(), url: String? = nil, title: String, byline: String? = nil,
        site: String? = nil, publishedAt: Date? = nil, savedAt: Date = Date(), content: String,
        tags: [String] = [], state: State = .unread, starred: Bool = false, progress: Double = 0,
        contentStatus: ContentStatus = .ready, trashedAt: Date? = nil
    ) {
        self.id = id
        self.url = url
        self.normalizedURL = url.flatMap(URLNormalizer.normalize)
        self.title = title
        self.byline = byline
        self.site = site ?? url.flatMap(URLNormalizer.siteName)
        self.publishedAt = publishedAt.map(ISODate.canonical)
        self.savedAt = ISODate.canonical(savedAt)
        self.updatedAt = self.savedAt
        self.content = content
        let statistics = TextStatistics(markdown: content)
        self.excerpt = statistics.excerpt
        self.wordCount = statistics.wordCount
        self.readingMinutes = statistics.readingMinutes
        self.tags = Tag.normalizedSet(tags)
        self.state = state
        self.starred = starred
        self.progress = progress
        self.contentStatus = contentStatus
        self.trashedAt = trashedAt.map(ISODate.canonical)
    }

    /// Whether the article is in the trash.
    package var isTrashed: Bool { trashedAt != nil }

    /// Replaces the content and recomputes the excerpt, word count and reading time.
    package mutating func setContent(_ markdown: String) {
        content = markdown
        let statistics = TextStatistics(markdown: markdown)
        excerpt = statistics.excerpt
        wordCount = statistics.wordCount
        readingMinutes = statistics.readingMinutes
    }
}

/// Tag names: trimmed, lowercased, no spaces inside.
package enum Tag {
    /// The canonical form of a tag as typed, or nil when nothing is left of it.
    package static func normalize(_ raw: String) -> String? {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let collapsed = trimmed.split(whereSeparator: { $0.isWhitespace }).joined(separator: "-")
        return collapsed.isEmpty ? nil : collapsed
    }

    /// Normalized, sorted and without duplicates.
    package static func normalizedSet(_ raw: [String]) -> [String] {
        Array(Set(raw.compactMap(normalize))).sorted()
    }
}
