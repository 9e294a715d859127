/// The article's title from the page's `<title>`, without the site's name around it
/// (Readability.js's `_getArticleTitle`).
enum ArticleTitle {
    private static let separators: Set<Character> = ["|", "-", "–", "—", "\\", "/", ">", "»"]
    private static let hierarchicalSeparators: Set<Character> = ["\\", "/", ">", "»"]

    /// The text of the page's `<title>` (the first one in the document), trimmed.
    static func fromTitleElement(document: HTMLNode) -> String? {
        let titles = document.descendants(tag: "title")
        guard let title = titles.first(where: { !$0.hasAncestor(tag: "svg", maxDepth: 0) }) else { return nil }
        return title.textContent.trimmingASCIIWhitespace().nonEmpty
    }

    /// `original` without a site name such as " | Site" or " - Site", unless what would be left is too short to be a title.
    static func clean(_ original: String, document: HTMLNode) -> String {
        var title = original
        var hadHierarchicalSeparators = false
        let separatorMatches = separatorPositions(in: original)
        if let last = separatorMatches.last {
            hadHierarchicalSeparators = separatorMatches.contains { hierarchicalSeparators.contains(original[original.index(after: $0)]) }
            title = String(original[..<last])
            if wordCount(title) < 3 {
                // Too short: drop the first part instead (everything up to and including the first separator).
                if let first = original.firstIndex(where: { separators.contains($0) }) {
                    title = String(original[original.index(after: first)...])
                }
            }
        } else if title.contains(": ") {
            let headings = document.descendants(tags: ["h1", "h2"])
            let trimmed = title.trimmingASCIIWhitespace()
            let matchesHeading = headings.contains { $0.textContent.trimmingASCIIWhitespace() == trimmed }
            if !matchesHeading, let lastColon = original.lastIndex(of: ":"), let firstColon = original.firstIndex(of: ":") {
                title = String(original[original.index(after: lastColon)...])
                if wordCount(title) < 3 {
                    title = String(original[original.index(after: firstColon)...])
                } else if wordCount(String(original[..<firstColon])) > 5 {
                    title = original
                }
            }
        } else if title.count > 150 || title.count < 15 {
            let headings = document.descendants(tag: "h1")
            if headings.count == 1, let heading = headings.first {
                title = heading.innerText
            }
        }
        title = TextMetrics.normalize(title)
        let count = wordCount(title)
        if count <= 4 {
            let withoutSeparators = String(original.filter { !separators.contains($0) })
            if !hadHierarchicalSeparators || count != wordCount(withoutSeparators) - 1 {
                title = original
            }
        }
        return title
    }

    /// The indices of the separator characters that stand between spaces (" | ", " - ", " » "...).
    private static func separatorPositions(in text: String) -> [String.Index] {
        var result: [String.Index] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(after: index)
            if text[index] == " ", next < text.endIndex, separators.contains(text[next]) {
                let after = text.index(after: next)
                if after < text.endIndex, text[after] == " " {
                    result.append(index)
                }
            }
            index = next
        }
        return result
    }

    /// Words as JavaScript's `split(/\s+/).length` counts them (an empty string is one word).
    static func wordCount(_ text: String) -> Int {
        var count = 1
        var inSpace = false
        for character in text {
            if character.isWhitespace {
                if !inSpace { count += 1 }
                inSpace = true
            } else {
                inSpace = false
            }
        }
        return count
    }

    /// How much of `b`'s words are also in `a`, from 0 to 1 (Readability's `_textSimilarity`).
    static func similarity(_ a: String, _ b: String) -> Double {
        let tokensA = tokens(a)
        let tokensB = tokens(b)
        if tokensA.isEmpty || tokensB.isEmpty { return 0 }
        let setA = Set(tokensA)
        let unique = tokensB.filter { !setA.contains($0) }
        let distance = Double(unique.joined(separator: " ").count) / Double(tokensB.joined(separator: " ").count)
        return 1 - distance
    }

    private static func tokens(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init)
    }
}
