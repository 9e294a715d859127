import Foundation

/// The schema.org article a page describes in a `<script type="application/ld+json">`
/// (`NewsArticle`, `BlogPosting`...): its headline, authors, description, publisher and date.
struct JSONLDArticle {
    var title: String?
    var byline: String?
    var excerpt: String?
    var siteName: String?
    var datePublished: String?
    /// The article's text (`articleBody`), plain text or HTML as the page gives it.
    var articleBody: String?

    /// schema.org types that describe an article (Readability's `jsonLdArticleTypes`).
    static let articleTypes: Set<String> = [
        "Article", "AdvertiserContentArticle", "NewsArticle", "AnalysisNewsArticle", "AskPublicNewsArticle",
        "BackgroundNewsArticle", "OpinionNewsArticle", "ReportageNewsArticle", "ReviewNewsArticle", "Report", "SatiricalArticle",
        "ScholarlyArticle", "MedicalScholarlyArticle", "SocialMediaPosting", "BlogPosting", "LiveBlogPosting",
        "DiscussionForumPosting", "TechArticle", "APIReference", "WebPage",
    ]

    /// The first article described in the page's JSON-LD scripts, or nil when there is none (or it does not parse).
    static func first(in document: HTMLNode, htmlTitle: String?) -> JSONLDArticle? {
        for script in document.descendants(tag: "script") {
            guard script.attribute("type")?.lowercased().trimmingASCIIWhitespace() == "application/ld+json" else { continue }
            var content = script.textContent.trimmingASCIIWhitespace()
            if content.hasPrefix("<![CDATA[") { content.removeFirst(9) }
            if content.hasSuffix("]]>") { content.removeLast(3) }
            guard let data = content.data(using: .utf8),
                let json = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            else { continue }
            if let object = findArticle(in: json, depth: 0), let article = JSONLDArticle(object, htmlTitle: htmlTitle) {
                return article
            }
        }
        return nil
    }

    /// The first object with an article `@type`, looking into arrays and `@graph`.
    private static func findArticle(in json: Any, depth: Int) -> [String: Any]? {
        if depth > 4 { return nil }
        if let array = json as? [Any] {
            for element in array {
                if let found = findArticle(in: element, depth: depth + 1) { return found }
            }
            return nil
        }
        guard let object = json as? [String: Any] else { return nil }
        if types(of: object).contains(where: { articleTypes.contains($0) && $0 != "WebPage" }) { return object }
        if let graph = object["@graph"] {
            if let found = findArticle(in: graph, depth: depth + 1) { return found }
        }
        return nil
    }

    private static func types(of object: [String: Any]) -> [String] {
        if let type = object["@type"] as? String { return [type] }
        if let types = object["@type"] as? [String] { return types }
        return []
    }

    private init?(_ object: [String: Any], htmlTitle: String?) {
        let name = (object["name"] as? String)?.trimmingASCIIWhitespace().nonEmpty
        let headline = (object["headline"] as? String)?.trimmingASCIIWhitespace().nonEmpty
        if let name, let headline, name != headline {
            // Some sites put their own name in "name": take the one that looks like the page's title.
            let title = htmlTitle ?? ""
            let nameMatches = ArticleTitle.similarity(name, title) > 0.75
            let headlineMatches = ArticleTitle.similarity(headline, title) > 0.75
            self.title = headlineMatches && !nameMatches ? headline : name
        } else {
            title = name ?? headline
        }
        byline = JSONLDArticle.names(object["author"])
        excerpt = (object["description"] as? String)?.trimmingASCIIWhitespace().nonEmpty
        siteName = JSONLDArticle.names(object["publisher"])
        datePublished = (object["datePublished"] as? String)?.trimmingASCIIWhitespace().nonEmpty
        articleBody = (object["articleBody"] as? String)?.nonEmpty
        if title == nil && byline == nil && datePublished == nil && articleBody == nil { return nil }
    }

    /// "A, B" from an author (or publisher) value: an object with `name`, a list of them, or a plain string.
    private static func names(_ value: Any?) -> String? {
        switch value {
        case let text as String:
            let trimmed = text.trimmingASCIIWhitespace()
            return trimmed.hasPrefix("http") ? nil : trimmed.nonEmpty
        case let object as [String: Any]:
            return (object["name"] as? String)?.trimmingASCIIWhitespace().nonEmpty
        case let array as [Any]:
            let all = array.compactMap { element -> String? in
                if let object = element as? [String: Any] { return (object["name"] as? String)?.trimmingASCIIWhitespace().nonEmpty }
                return nil
            }
            return all.isEmpty ? nil : all.joined(separator: ", ")
        default:
            return nil
        }
    }
}
