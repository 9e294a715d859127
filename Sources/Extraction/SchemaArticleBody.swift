/// The article text a page gives in its schema.org JSON-LD (`articleBody`): a second opinion on the
/// content chosen by scoring, used when the two disagree too much (scoring then chose the wrong block).
struct SchemaArticleBody {
    /// `articleBody` as a tree of paragraphs, ready for `ArticleRenderer`.
    let content: HTMLNode
    /// Its length in characters, whitespace collapsed, as `TextMetrics` counts them (an East Asian wide character for two).
    let length: Int
    /// Its distinct lowercased words.
    let words: Set<Substring>

    /// Reads `articleBody`, plain text (paragraphs at line breaks) or HTML; nil when it has no text.
    init?(_ text: String) {
        let trimmed = text.trimmingASCIIWhitespace()
        guard !trimmed.isEmpty else { return nil }
        let container = HTMLNode(element: "div")
        if trimmed.contains("</p>") || trimmed.contains("<br"), let root = HTMLParser.parse(Array(trimmed.utf8), encoding: "UTF-8") {
            let body = root.descendants(tag: "body").first ?? root
            ContentExtractor.prepare(body)
            container.adoptChildren(of: body)
        } else {
            for line in trimmed.split(whereSeparator: \.isNewline) {
                let paragraph = TextMetrics.normalize(String(line))
                guard !paragraph.isEmpty else { continue }
                let node = HTMLNode(element: "p")
                node.append(HTMLNode(text: HTMLEntities.decode(paragraph)))
                container.append(node)
            }
        }
        let plain = container.innerText
        guard !plain.isEmpty else { return nil }
        content = container
        length = container.innerTextLength
        words = SchemaArticleBody.words(of: plain.lowercased())
    }

    /// The share of this body's distinct words that `text` also has (1 when the extracted text holds all of it).
    func coverage(by text: String) -> Double {
        guard !words.isEmpty else { return 1 }
        let other = SchemaArticleBody.words(of: text.lowercased())
        return Double(words.intersection(other).count) / Double(words.count)
    }

    private static func words(of text: String) -> Set<Substring> {
        Set(text.split { !$0.isLetter && !$0.isNumber })
    }
}
