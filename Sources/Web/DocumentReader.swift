import Foundation
import Models

/// Reads text and Markdown documents into article drafts: the title from a Markdown
/// `# heading` or the first sentence of plain text, the date from a leading `date YYYY-MM-DD`
/// line, and plain-text paragraphs and headings as Markdown.
package enum DocumentReader {
    /// The longest title taken from the text itself.
    package static let titleLength = 150

    /// Checks raw bytes (size, binary content, UTF-8) and parses them.
    ///
    /// - Parameter source: how to name the input in errors (a path, or "standard input").
    package static func read(_ data: Data, source: String, fileName: String? = nil) throws(DocumentError) -> ArticleDraft {
        guard data.count <= ArticleDraft.sizeLimit else { throw .tooLarge(source: source, bytes: data.count, limit: ArticleDraft.sizeLimit) }
        if data.contains(0) { throw .binary(source: source) }
        guard let text = String(validatingUTF8Data: data) else { throw .invalidUTF8(source: source) }
        let withoutBOM = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        guard !withoutBOM.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .empty(source: source) }
        let document = parse(withoutBOM, format: DocumentFormat.detect(fileName: fileName, text: withoutBOM))
        guard !document.markdown.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .empty(source: source) }
        return document
    }

    /// Parses text already known to be valid.
    package static func parse(_ text: String, format: DocumentFormat) -> ArticleDraft {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        switch format {
        case .text: return parsePlainText(normalized)
        case .markdown: return parseMarkdown(normalized)
        }
    }

    /// Plain text: an optional leading `date YYYY-MM-DD`, paragraphs separated by blank lines,
    /// and short unpunctuated lines that are section headings.
    static func parsePlainText(_ text: String) -> ArticleDraft {
        var body = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        var published: Date?
        if body.lowercased().hasPrefix("date ") {
            let afterKeyword = body.dropFirst(5).drop(while: { $0 == " " })
            let candidate = afterKeyword.prefix(10)
            if let day = ISODate.parseDay(String(candidate)) {
                published = day
                body = afterKeyword.dropFirst(10).drop(while: { $0.isWhitespace })
            }
        }
        let paragraphs = body.components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
        var blocks: [String] = []
        var title: String?
        for paragraph in paragraphs {
            if isHeading(paragraph) {
                blocks.append("## " + paragraph)
            } else {
                if title == nil { title = firstSentence(of: paragraph) }
                blocks.append(paragraph)
            }
        }
        if title == nil, let first = paragraphs.first { title = TextStatistics.shorten(first, to: titleLength) }
        return ArticleDraft(title: title, publishedAt: published, markdown: blocks.joined(separator: "\n\n") + "\n")
    }

    /// Markdown: kept as written; the title is the first `# heading`, else the first sentence.
    static func parseMarkdown(_ text: String) -> ArticleDraft {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var title: String?
        for line in trimmed.split(separator: "\n", omittingEmptySubsequences: true) {
            let stripped = line.trimmingCharacters(in: .whitespaces)
            if stripped.hasPrefix("# ") {
                title = String(stripped.dropFirst(2)).trimmingCharacters(in: .whitespaces)
                break
            }
            if !stripped.hasPrefix("#") && !stripped.isEmpty {
                title = firstSentence(of: stripped)
                break
            }
        }
        return ArticleDraft(title: title.map { TextStatistics.shorten($0, to: titleLength) }, markdown: trimmed + "\n")
    }

    /// A heading is one short line (at most 10 words and 80 characters) that starts with a
    /// letter or digit and does not end like a sentence.
    static func isHeading(_ paragraph: String) -> Bool {
        guard !paragraph.contains("\n"), paragraph.count <= 80, let first = paragraph.first, let last = paragraph.last,
            first.isLetter || first.isNumber
        else { return false }
        if ".!?:;,\"'”’)…-–—".contains(last) { return false }
        return paragraph.split(separator: " ").count <= 10
    }

    /// Abbreviations after which a period does not end a sentence.
    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "sen", "rep", "gov", "lt", "col",
        "capt", "sgt", "rev", "vs", "etc", "inc", "ltd", "co", "corp", "no", "fig", "jan", "feb",
        "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "e.g", "i.e",
    ]

    /// The first sentence of a paragraph, shortened to `titleLength` characters.
    static func firstSentence(of paragraph: String) -> String {
        let characters = Array(paragraph)
        var end = characters.count
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "." || character == "!" || character == "?" {
                var next = index + 1
                while next < characters.count, "\"'”’)".contains(characters[next]) { next += 1 }
                let atEnd = next >= characters.count
                let followedBySpace = !atEnd && characters[next].isWhitespace
                if atEnd || followedBySpace {
                    let upcoming = characters[next...].drop(while: { $0.isWhitespace }).first
                    let startsSentence = upcoming.map { $0.isUppercase || $0.isNumber || "\"“‘'".contains($0) } ?? true
                    var wordStart = index
                    while wordStart > 0, !characters[wordStart - 1].isWhitespace { wordStart -= 1 }
                    let word = String(characters[wordStart..<index]).lowercased()
                    let isAbbreviation = character == "." && (abbreviations.contains(word) || (word.count == 1 && word.first?.isLetter == true))
                    if startsSentence && !isAbbreviation {
                        end = next
                        break
                    }
                }
            }
            index += 1
        }
        let sentence = String(characters[0..<end]).trimmingCharacters(in: .whitespaces)
        return TextStatistics.shorten(sentence, to: titleLength)
    }
}
