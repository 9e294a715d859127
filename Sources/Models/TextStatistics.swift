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
        let words = Self.countWords(markdown)
        wordCount = words
        readingMinutes = words == 0 ? 0 : max(1, (words + Self.wordsPerMinute - 1) / Self.wordsPerMinute)
        excerpt = Self.excerpt(of: Self.firstParagraph(of: markdown))
    }

    /// The excerpt of a paragraph: its lines joined with spaces, shortened. Only the start of
    /// a long paragraph can reach the excerpt, so only that is joined: twice the excerpt and a
    /// little more, as joining a line break with a combining mark after it makes one
    /// character of two, and the last character of the part may change with what follows it.
    static func excerpt(of paragraph: String) -> String {
        let end = paragraph.index(paragraph.startIndex, offsetBy: 2 * excerptLength + 4, limitedBy: paragraph.endIndex) ?? paragraph.endIndex
        return shorten(paragraph[..<end].replacingOccurrences(of: "\n", with: " "), to: excerptLength)
    }

    /// The runs of alphanumeric characters (`CharacterSet.alphanumerics`) in `text`, read
    /// from its UTF-8 bytes: ASCII by a range test, other scalars decoded and looked up (a
    /// scalar at a time through the unicode-scalar view cost about 50 instructions a byte).
    static func countWords(_ text: String) -> Int {
        var words = 0
        var inWord = false
        func note(_ isWordScalar: Bool) {
            if isWordScalar && !inWord { words += 1 }
            inWord = isWordScalar
        }
        let counted: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            var index = 0
            while index < bytes.count {
                let lead = bytes[index]
                if lead < 0x80 {
                    note(isASCIIAlphanumeric(lead))
                    index += 1
                    continue
                }
                // A String's bytes are valid UTF-8: a lead byte, then 1 to 3 continuation bytes.
                let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
                var value = UInt32(lead) & (0x7F >> length)
                var next = index + 1
                while next < min(index + length, bytes.count) {
                    value = value << 6 | UInt32(bytes[next] & 0x3F)
                    next += 1
                }
                note(Unicode.Scalar(value).map { CharacterSet.alphanumerics.contains($0) } ?? false)
                index = next
            }
        }
        if counted == nil {
            for scalar in text.unicodeScalars {
                note(scalar.isASCII ? isASCIIAlphanumeric(UInt8(scalar.value)) : CharacterSet.alphanumerics.contains(scalar))
            }
        }
        return words
    }

    /// What `CharacterSet.alphanumerics` holds of ASCII, without its slow lookup.
    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: true
        default: false
        }
    }

    /// The first paragraph of `markdown` that is not empty and not a heading, trimmed: the
    /// parts between blank lines ("\n\n", as `components(separatedBy: "\n\n")` splits, an
    /// "\r\n" being one character that is no "\n"), found by one pass over the bytes up to
    /// it. Splitting the whole text through Foundation cost about 2 million instructions an
    /// article (a quarter of an initial sync's).
    package static func firstParagraph(of markdown: String) -> String {
        let bytes = markdown.utf8
        var start = bytes.startIndex
        var index = start
        var previous: UInt8 = 0
        while index != bytes.endIndex {
            let next = bytes.index(after: index)
            if bytes[index] == 0x0A, previous != 0x0D, next != bytes.endIndex, bytes[next] == 0x0A {
                if let paragraph = Self.paragraph(markdown, from: start, to: index) { return paragraph }
                start = bytes.index(after: next)
                index = start
                previous = 0x0A
                continue
            }
            previous = bytes[index]
            index = next
        }
        return Self.paragraph(markdown, from: start, to: bytes.endIndex) ?? ""
    }

    /// The part of `markdown` between two byte positions on character boundaries, without the
    /// white space and line breaks at its ends (as `trimmingCharacters(in:)` trims them, a
    /// scalar at a time, without copying the part first), when it is a paragraph the excerpt
    /// may start with.
    private static func paragraph(_ markdown: String, from start: String.Index, to end: String.Index) -> String? {
        let scalars = markdown.unicodeScalars
        let blank = CharacterSet.whitespacesAndNewlines
        var low = start
        while low < end, blank.contains(scalars[low]) { low = scalars.index(after: low) }
        var high = end
        while high > low, blank.contains(scalars[scalars.index(before: high)]) { high = scalars.index(before: high) }
        let part = String(scalars[low..<high])
        return part.isEmpty || part.hasPrefix("#") ? nil : part
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
