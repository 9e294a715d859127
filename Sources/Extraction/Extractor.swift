import Foundation
import Models

/// Extracts the readable article from an HTML page: metadata (title, byline, site, date, language)
/// and the main content as Markdown and plain text, without navigation, ads, share bars or comments.
///
/// Parsing uses libxml2's HTML parser; the content is chosen with Readability.js's scoring
/// (text length, commas, link density, class and id hints), then cleaned. Pure: no I/O, and safe to
/// call from any thread or task.
package enum Extractor {
    /// Content shorter than this (in characters) is only kept when it is most of the page's text.
    static let minimumTextLength = 140
    /// JSON-LD `articleBody` shorter than this is a summary, not the text: it is never used instead of the content.
    static let schemaBodyMinimumLength = 500

    /// Extracts the article from the bytes of a page.
    /// - Parameters:
    ///   - html: the page as downloaded or saved; its encoding comes from a byte-order mark, `contentType`,
    ///     a `<meta charset>` or `http-equiv`, else UTF-8 when the bytes are valid UTF-8 and Windows-1252 when not.
    ///   - url: where the page comes from: relative links are made absolute against it (or the page's `<base href>`).
    ///   - contentType: the HTTP `Content-Type` header (`text/html; charset=iso-8859-1`) or a bare charset name, if known.
    /// - Throws: `ExtractionError` when the input is empty, not HTML, or has no readable text.
    package static func extract(html: Data, url: URL? = nil, contentType: String? = nil) throws(ExtractionError) -> ArticleDraft {
        let bytes = [UInt8](html)
        try checkLooksLikeHTML(bytes)
        let (charset, bomLength) = Charset.detect(bytes, contentType: contentType)
        let body = bytes[bomLength...]
        if let text = charset.decode(body) {
            return try extract(html: text, url: url)
        }
        if case .other(let name) = charset, HTMLParser.isEncodingSupported(name) {
            guard let root = HTMLParser.parse(Array(body), encoding: name) else { throw .unparsable }
            return try extract(document: root, url: url)
        }
        // An encoding neither Swift nor libxml2 knows: read it as UTF-8, replacing what is not.
        return try extract(html: String(decoding: body, as: UTF8.self), url: url)
    }

    /// Extracts the article from the text of a page (already decoded; any `<meta charset>` inside is ignored).
    /// - Parameter url: where the page comes from: relative links are made absolute against it.
    /// - Throws: `ExtractionError` when the input is empty, not HTML, or has no readable text.
    package static func extract(html: String, url: URL? = nil) throws(ExtractionError) -> ArticleDraft {
        let bytes = Array(html.utf8)
        if bytes.allSatisfy({ $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }) { throw .empty }
        guard hasMarkup(bytes) else { throw .notHTML(reason: "no HTML tags: it reads as plain text") }
        guard let root = HTMLParser.parse(bytes, encoding: "UTF-8") else { throw .unparsable }
        return try extract(document: root, url: url)
    }

    private static func extract(document root: HTMLNode, url: URL?) throws(ExtractionError) -> ArticleDraft {
        let metadata = PageMetadata(document: root)
        var baseURL = url
        if let href = root.descendants(tag: "base").first?.attribute("href"), let base = URL(string: href, relativeTo: url) {
            baseURL = base.absoluteURL
        }
        var body = root.descendants(tag: "body").first ?? root
        // A page that writes its article with a script may give it in <noscript> for browsers without one: kept aside
        // (before the scripts and <noscript> go) for a second attempt when the first finds too little.
        let withNoscript = ContentExtractor.hasNoscriptText(body) ? body.clone() : nil
        ContentExtractor.prepare(body)

        let title = metadata.title.map(TextMetrics.normalize) ?? ""
        var extractor = ContentExtractor(articleTitle: title, hasMetadataByline: metadata.byline != nil, pageHost: url?.host())
        let renderer = ArticleRenderer(baseURL: baseURL)
        var content = extractor.extract(body: body)
        if let withNoscript, (content?.innerTextLength ?? 0) < ContentExtractor.characterThreshold {
            ContentExtractor.prepare(withNoscript, keepingNoscript: true)
            var second = ContentExtractor(articleTitle: title, hasMetadataByline: metadata.byline != nil, pageHost: url?.host())
            if let alternative = second.extract(body: withNoscript), alternative.innerTextLength > content?.innerTextLength ?? 0 {
                (content, extractor, body) = (alternative, second, withNoscript)
            }
        }
        var rendered = content.map(renderer.render)
        // JSON-LD's articleBody is the page's own account of its text: when scoring chose a block that holds
        // less than half of its words, scoring chose wrong (a comment thread, a teaser list, a cookie notice).
        if let schema = metadata.articleBody.flatMap(SchemaArticleBody.init), schema.length >= schemaBodyMinimumLength,
            schema.coverage(by: rendered?.text ?? "") < 0.5
        {
            content = schema.content
            rendered = renderer.render(schema.content)
        }
        guard let content, let rendered, !rendered.text.isEmpty else { throw .noReadableContent(characters: 0) }
        // A few words out of a page with much more text is boilerplate that outlived the cleaning (a cookie
        // notice, a sign-in prompt, a footer line): say that the main text was not found rather than save it.
        // Lengths as `TextMetrics` counts them, an East Asian wide character for two.
        var measured = TextMetrics()
        measured.add(rendered.text)
        if measured.length < minimumTextLength {
            var page = TextMetrics()
            page.add(body)
            if measured.length * 4 < page.length { throw .noReadableContent(characters: TextMetrics.normalize(rendered.text).count) }
        }

        let byline = (metadata.byline ?? extractor.byline).map(TextMetrics.normalize)?.nonEmpty
        let excerpt =
            metadata.excerpt.map(TextMetrics.normalize)?.nonEmpty
            ?? rendered.text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init)
        return ArticleDraft(
            title: (title.isEmpty ? fallbackTitle(content: content, url: url) : title).nonEmpty,
            byline: byline,
            site: metadata.siteName.map(TextMetrics.normalize)?.nonEmpty,
            publishedAt: metadata.published.flatMap(PublicationDate.parse),
            language: metadata.language,
            excerpt: excerpt,
            markdown: rendered.markdown,
            text: rendered.text
        )
    }

    /// A title for a page without one: its first heading, else the last part of its URL's path.
    private static func fallbackTitle(content: HTMLNode, url: URL?) -> String {
        if let heading = content.descendants(tags: ContentExtractor.headingTags).first?.innerText, !heading.isEmpty {
            return heading
        }
        if let component = url?.lastPathComponent, !component.isEmpty, component != "/" { return component }
        return url?.host ?? ""
    }

    /// Refuses input that is plainly not an HTML page: empty, binary, or a known non-HTML format.
    private static func checkLooksLikeHTML(_ bytes: [UInt8]) throws(ExtractionError) {
        if bytes.allSatisfy({ $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) }) { throw .empty }
        let signatures: [(bytes: [UInt8], name: String)] = [
            (Array("%PDF".utf8), "a PDF document"), ([0x89, 0x50, 0x4E, 0x47], "a PNG image"), ([0xFF, 0xD8, 0xFF], "a JPEG image"),
            (Array("GIF8".utf8), "a GIF image"), ([0x50, 0x4B, 0x03, 0x04], "a ZIP archive"), ([0x1F, 0x8B], "gzip-compressed data"),
        ]
        for signature in signatures where bytes.starts(with: signature.bytes) {
            throw .notHTML(reason: "it is \(signature.name)")
        }
        let isUTF16 = bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
        if !isUTF16 && bytes.prefix(4096).contains(0) {
            throw .notHTML(reason: "binary data")
        }
    }

    /// Whether the text has at least one tag (`<` followed by a letter, `/` or `!`) in its first 64 KB.
    private static func hasMarkup(_ bytes: [UInt8]) -> Bool {
        let prefix = bytes.prefix(65_536)
        var index = prefix.startIndex
        while let open = prefix[index...].firstIndex(of: 0x3C) {
            let next = open + 1
            guard next < prefix.endIndex else { return false }
            let byte = prefix[next] | 0x20
            if (byte >= 0x61 && byte <= 0x7A) || prefix[next] == 0x2F || prefix[next] == 0x21 { return true }
            index = next
        }
        return false
    }
}
