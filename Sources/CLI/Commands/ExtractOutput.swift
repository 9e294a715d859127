import Foundation
import Models

/// What `folio extract --json` prints: the draft's fields under the names `extract` has
/// always printed (`text` is the Markdown), with the page's URL and the word count.
struct ExtractOutput: Encodable {
    var url: String?
    var draft: ArticleDraft

    var wordCount: Int { TextStatistics(markdown: draft.markdown).wordCount }

    enum CodingKeys: String, CodingKey {
        case url, title, byline, site, publishedAt, wordCount, text
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(url, forKey: .url)
        try container.encodeIfPresent(draft.title, forKey: .title)
        try container.encodeIfPresent(draft.byline, forKey: .byline)
        try container.encodeIfPresent(draft.site, forKey: .site)
        try container.encodeIfPresent(draft.publishedAt, forKey: .publishedAt)
        try container.encode(wordCount, forKey: .wordCount)
        try container.encode(draft.markdown, forKey: .text)
    }
}
