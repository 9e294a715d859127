import Foundation

/// The readable article found in an HTML page: its metadata and its main content, without the
/// page's navigation, ads, share bars, comments or related-article lists.
public struct ExtractedArticle: Sendable, Hashable, Codable {
    /// The article's headline: from JSON-LD, Open Graph or the page `<title>` without the site's suffix.
    public var title: String
    /// The author or authors as the page names them ("Jane Doe, John Roe"), when the page says.
    public var byline: String?
    /// The publication's name (`og:site_name`, JSON-LD publisher), when the page says.
    public var siteName: String?
    /// When the article was published (JSON-LD `datePublished`, `article:published_time`, `<time datetime>`).
    public var publishedAt: Date?
    /// The page's language tag (`<html lang>`), such as `en` or `pt-BR`.
    public var language: String?
    /// A one-paragraph summary: the page's description, else the first paragraph of the content.
    public var excerpt: String?
    /// The main content as Markdown: headings, paragraphs, lists, block quotes, code and links with absolute URLs.
    public var markdown: String
    /// The main content as plain text, one block a paragraph: what full-text search indexes.
    public var text: String

    /// Makes an article from its parts.
    public init(
        title: String, byline: String? = nil, siteName: String? = nil, publishedAt: Date? = nil, language: String? = nil,
        excerpt: String? = nil, markdown: String, text: String
    ) {
        self.title = title
        self.byline = byline
        self.siteName = siteName
        self.publishedAt = publishedAt
        self.language = language
        self.excerpt = excerpt
        self.markdown = markdown
        self.text = text
    }
}
