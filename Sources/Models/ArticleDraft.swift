import Foundation

/// An article before it is saved: what reading a page, a file or a fetch found. One type for
/// every reader (the HTML extractor, text and Markdown documents, pending fetches); `Article`
/// is what the store then keeps.
package struct ArticleDraft: Sendable, Hashable, Codable {
    /// The largest article accepted, in bytes of its source: the same limit for `add`,
    /// `import` and the sync server (`ChangeValidation.maximumValueBytes` leaves room above it).
    package static let sizeLimit = 20_000_000

    /// The headline, when the source has one.
    package var title: String?
    /// The author or authors as the source names them ("Jane Doe, John Roe").
    package var byline: String?
    /// The publication's name.
    package var site: String?
    package var publishedAt: Date?
    /// The language tag (`en`, `pt-BR`), when the source says.
    package var language: String?
    /// A one-paragraph summary, when the source gives or the reader finds one.
    package var excerpt: String?
    /// The main text as Markdown.
    package var markdown: String
    /// The main text as plain text, one block a paragraph, when the reader renders it (the
    /// HTML extractor does); the store derives its own search text from `markdown`.
    package var text: String?

    package init(
        title: String?, byline: String? = nil, site: String? = nil, publishedAt: Date? = nil, language: String? = nil,
        excerpt: String? = nil, markdown: String, text: String? = nil
    ) {
        self.title = title
        self.byline = byline
        self.site = site
        self.publishedAt = publishedAt
        self.language = language
        self.excerpt = excerpt
        self.markdown = markdown
        self.text = text
    }
}
