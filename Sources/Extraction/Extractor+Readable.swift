import Foundation

extension Extractor {
    /// The Markdown of HTML that already is an article's readable text (the `content` of a
    /// wallabag export, an Omnivore export's `content/*.html`): rendered whole, scripts and
    /// styles aside, without looking for the main text again. Nil when nothing readable is left.
    package static func markdown(readableHTML html: String, url: URL? = nil) -> String? {
        guard let root = HTMLParser.parse(Array(html.utf8), encoding: "UTF-8") else { return nil }
        let body = root.descendants(tag: "body").first ?? root
        ContentExtractor.prepare(body)
        let rendered = ArticleRenderer(baseURL: url).render(body)
        return rendered.text.isEmpty ? nil : rendered.markdown
    }
}
