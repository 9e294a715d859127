/// The standfirst of an article: the paragraphs between its title heading and its body (a lead, a dek, a "Vorspann"),
/// which sites set apart from the body, often inside the article's header, where the scoring does not look.
struct Standfirst {
    /// The position of the title heading.
    private let titlePosition: Int
    /// Copies of the lead paragraphs found after the title heading (the walk may remove the originals with the header
    /// they sit in), with their positions.
    private let candidates: [(node: HTMLNode, position: Int)]

    /// How many elements after the title heading a lead may sit.
    static let maximumDistance = 40
    /// How many elements after the title heading the body must begin for a lead to be taken.
    static let maximumBodyDistance = 300

    /// The title heading of the page and the paragraphs after it, before the scoring walk changes the page; nil when the
    /// page has no heading like the title. Numbers the page's elements (`HTMLNode.documentPosition`).
    init?(page: HTMLNode, isTitle: (HTMLNode) -> Bool) {
        let elements = page.descendantElements()
        guard let titleIndex = elements.firstIndex(where: { ($0.tag == "h1" || $0.tag == "h2") && isTitle($0) }) else { return nil }
        var candidates: [(HTMLNode, Int)] = []
        let end = min(elements.count, titleIndex + 1 + Standfirst.maximumDistance)
        var index = titleIndex + 1
        while index < end {
            let element = elements[index]
            index += 1
            if ContentExtractor.headingTags.contains(element.tag) { break }
            guard element.tag == "p" else { continue }
            let length = element.innerTextLength
            if length > 600 { break }
            if length >= 60 && Standfirst.isProse(element) { candidates.append((element.clone(), index - 1)) }
        }
        guard !candidates.isEmpty else { return nil }
        for (index, element) in elements.enumerated() { element.documentPosition = index }
        self.titlePosition = titleIndex
        self.candidates = candidates
    }

    /// The characters a paragraph that ends a sentence ends with (closing quotes included).
    static let sentenceEnds: Set<Character> = [".", "!", "?", "\u{2026}", "\"", "\u{201C}", "\u{201D}", "\u{BB}"]

    /// Whether a paragraph reads as a sentence: no links, ends with a full stop, a question or exclamation mark.
    static func isProse(_ element: HTMLNode) -> Bool {
        guard element.countDescendants(tag: "a") == 0 else { return false }
        guard let last = element.innerText.last else { return false }
        return Standfirst.sentenceEnds.contains(last)
    }

    /// The lead paragraphs that sit before the body's container (and outside it) when the body begins soon
    /// after the title heading.
    func paragraphs(before body: HTMLNode) -> [HTMLNode] {
        guard let bodyPosition = body.documentPosition, bodyPosition > titlePosition,
            bodyPosition - titlePosition <= Standfirst.maximumBodyDistance
        else { return [] }
        return candidates.filter { $0.position < bodyPosition }.map(\.node)
    }

    /// Puts the lead paragraphs at the top of the content, unless the content already holds their text.
    func insert(_ lead: [HTMLNode], into content: HTMLNode) {
        guard !lead.isEmpty else { return }
        let text = content.innerText
        for paragraph in lead.reversed() where !text.contains(paragraph.innerText) {
            content.insert(paragraph, at: 0)
        }
    }
}
