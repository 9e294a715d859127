import Foundation

/// Word count, reading time and excerpt of an article's Markdown text.
package struct TextStatistics: Sendable, Hashable {
    /// Words per minute assumed for reading time.
    package static let wordsPerMinute = 230
    /// The longest excerpt, in characters.
    package static let excerptLength = 200

    package var wordCount: Int
    package var readingMinutes: Int
    /// The start of the first paragraph that is not a heading.
    package var excerpt: String

    package init(markdown: String) {
        var words = 0
        var inWord = false
        for scalar in markdown.unicodeScalars {
            let isWordScalar: Bool
            if scalar.isASCII {
                // What `CharacterSet.alphanumerics` holds of ASCII, without its slow lookup.
                switch scalar.value {
                case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: isWordScalar = true
                default: isWordScalar = false
                }
            } else {
                isWordScalar = CharacterSet.alphanumerics.contains(scalar)
            }
            if isWordScalar && !inWord { words += 1 }
            inWord = isWordScalar
        }
        wordCount = words
        readingMinutes = words == 0 ? 0 : max(1, (words + Self.wordsPerMinute - 1) / Self.wordsPerMinute)
        let paragraph =
            markdown.components(separatedBy: "\n\n").lazy
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .first { !$0.isEmpty && !$0.hasPrefix("#") } ?? ""
        excerpt = Self.shorten(paragraph.replacingOccurrences(of: "\n", with: " "), to: Self.excerptLength)
    }

    /// Cuts `text` at a word boundary so that it fits in `limit` characters, adding `…`.
    package static func shorten(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        let head = text.prefix(limit - 1)
        if let space = head.lastIndex(of: " "), head.distance(from: head.startIndex, to: space) > limit / 2 {
            return head[..<space].trimmingCharacters(in: .punctuationCharacters.union(.whitespaces)) + "…"
        }
        return head + "…"
    }
}
