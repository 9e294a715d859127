import Foundation

/// What the page says about itself in its `<head>` and JSON-LD, before the content is looked at
/// (Readability.js's `_getArticleMetadata` and `_getJSONLD`, in the same order of preference).
struct PageMetadata {
    var title: String?
    var byline: String?
    var siteName: String?
    var excerpt: String?
    /// The publication date as the page writes it.
    var published: String?
    var language: String?
    /// The article's text from JSON-LD (`articleBody`), when the page gives it.
    var articleBody: String?

    /// Reads the metadata of a parsed page (before scripts are removed: JSON-LD lives in them).
    init(document: HTMLNode) {
        language = document.attribute("lang")?.trimmingASCIIWhitespace().nonEmpty
        let htmlTitle = ArticleTitle.fromTitleElement(document: document)
        let jsonLD = JSONLDArticle.first(in: document, htmlTitle: htmlTitle.map { ArticleTitle.clean($0, document: document) })
        var values: [String: String] = [:]
        for meta in document.descendants(tag: "meta") {
            guard let content = meta.attribute("content")?.trimmingASCIIWhitespace(), !content.isEmpty else { continue }
            var matched = false
            if let property = meta.attribute("property") {
                for name in PageMetadata.propertyNames(property) {
                    values[name] = content
                    matched = true
                }
            }
            if !matched, let name = meta.attribute("name").flatMap(PageMetadata.normalizedName) {
                values[name] = content
            }
            if let itemprop = meta.attribute("itemprop")?.lowercased(), itemprop == "datepublished", values["itemprop:datepublished"] == nil {
                values["itemprop:datepublished"] = content
            }
        }

        title =
            jsonLD?.title ?? values["dc:title"] ?? values["dcterm:title"] ?? values["og:title"] ?? values["weibo:article:title"]
            ?? values["weibo:webpage:title"] ?? values["title"] ?? values["twitter:title"] ?? values["parsely-title"]
        if title == nil || title?.isEmpty == true {
            title = htmlTitle.map { ArticleTitle.clean($0, document: document) }
        }
        var articleAuthor = values["article:author"]
        if let author = articleAuthor, author.hasPrefix("http://") || author.hasPrefix("https://") { articleAuthor = nil }
        byline = jsonLD?.byline ?? values["dc:creator"] ?? values["dcterm:creator"] ?? values["author"] ?? values["parsely-author"] ?? articleAuthor
        excerpt =
            jsonLD?.excerpt ?? values["dc:description"] ?? values["dcterm:description"] ?? values["og:description"]
            ?? values["weibo:article:description"] ?? values["weibo:webpage:description"] ?? values["description"]
            ?? values["twitter:description"]
        siteName = jsonLD?.siteName ?? values["og:site_name"]
        articleBody = jsonLD?.articleBody
        published =
            jsonLD?.datePublished ?? values["article:published_time"] ?? values["parsely-pub-date"] ?? values["itemprop:datepublished"]
            ?? values["dc:date"] ?? values["dcterm:date"] ?? values["date"]
        if published == nil {
            // Last resort: the first <time datetime> of the page.
            published = document.descendants(tag: "time").lazy.compactMap { $0.attribute("datetime")?.trimmingASCIIWhitespace().nonEmpty }.first
        }
    }

    /// The names a `property` attribute (a space-separated list) gives, as Readability keys them:
    /// `og:title`, `article:published_time`, `dc:creator`...
    static func propertyNames(_ property: String) -> [String] {
        let prefixes: Set<String> = ["article", "dc", "dcterm", "og", "twitter"]
        let names: Set<String> = ["author", "creator", "description", "published_time", "title", "site_name"]
        var result: [String] = []
        for token in property.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            let parts = token.split(separator: ":", maxSplits: 1)
            if parts.count == 2, prefixes.contains(String(parts[0])), names.contains(String(parts[1])) {
                result.append(String(token))
            }
        }
        return result
    }

    /// A `name` attribute Readability reads (`author`, `dc.title`, `twitter:description`, `parsely-pub-date`...), normalized to
    /// lowercase with dots as colons; nil for the others.
    static func normalizedName(_ name: String) -> String? {
        let lowered = name.lowercased().filter { !$0.isWhitespace }.replacingOccurrences(of: ".", with: ":")
        let bases = ["author", "creator", "pub-date", "description", "title", "site_name", "date"]
        let prefixes = ["dc", "dcterm", "og", "twitter", "parsely", "weibo:article", "weibo:webpage"]
        if bases.contains(lowered) { return lowered }
        for prefix in prefixes where lowered.hasPrefix(prefix) {
            var rest = lowered.dropFirst(prefix.count)
            guard let separator = rest.first, separator == ":" || separator == "-" else { continue }
            rest = rest.dropFirst()
            if bases.contains(String(rest)) {
                return prefix == "parsely" ? "parsely-\(rest)" : "\(prefix):\(rest)"
            }
        }
        return nil
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
