import Foundation

/// The kinds of document `folio add` reads.
public enum DocumentFormat: String, Sendable, CaseIterable {
    case text
    case markdown
    case html

    /// Guesses the format from a file name's extension, then from the first bytes.
    public static func detect(fileName: String?, text: String) -> DocumentFormat {
        let lowered = fileName?.lowercased() ?? ""
        if lowered.hasSuffix(".md") || lowered.hasSuffix(".markdown") { return .markdown }
        if lowered.hasSuffix(".html") || lowered.hasSuffix(".htm") || lowered.hasSuffix(".xhtml") { return .html }
        let head = text.prefix(512).trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if head.hasPrefix("<!doctype html") || head.hasPrefix("<html") || head.hasPrefix("<?xml") && head.contains("<html") {
            return .html
        }
        if head.hasPrefix("# ") || head.hasPrefix("## ") { return .markdown }
        return .text
    }
}

/// Why a document cannot be imported. Messages are written for the person who gave it.
public enum DocumentError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty(source: String)
    case tooLarge(source: String, bytes: Int, limit: Int)
    case binary(source: String)
    case invalidUTF8(source: String)

    public var description: String {
        switch self {
        case .empty(let source):
            return "\(source) is empty: there is nothing to save"
        case .tooLarge(let source, let bytes, let limit):
            return "\(source) is \(bytes / 1_000_000) MB, over the \(limit / 1_000_000) MB limit for one article"
        case .binary(let source):
            return "\(source) is a binary file, not text, Markdown or HTML"
        case .invalidUTF8(let source):
            return "\(source) is not valid UTF-8 text; convert it first (for example with iconv)"
        }
    }
}

/// A document read for import: its text as Markdown, and what it says about itself.
public struct ImportedDocument: Sendable, Hashable {
    /// The largest document accepted, in bytes.
    public static let sizeLimit = 20_000_000
    /// The longest title taken from the text itself.
    public static let titleLength = 150

    /// The title found in the document (an HTML `<title>`, a Markdown `# heading`, or the first
    /// sentence of plain text); nil when none.
    public var title: String?
    /// The date from a leading `date YYYY-MM-DD` line.
    public var publishedAt: Date?
    /// The text as Markdown.
    public var markdown: String

    public init(title: String?, publishedAt: Date?, markdown: String) {
        self.title = title
        self.publishedAt = publishedAt
        self.markdown = markdown
    }

    /// Checks raw bytes (size, binary content, UTF-8) and parses them.
    ///
    /// - Parameter source: how to name the input in errors (a path, or "standard input").
    public static func read(_ data: Data, source: String, fileName: String? = nil) throws(DocumentError) -> ImportedDocument {
        guard data.count <= sizeLimit else { throw .tooLarge(source: source, bytes: data.count, limit: sizeLimit) }
        if data.contains(0) { throw .binary(source: source) }
        guard let text = String(validatingUTF8Data: data) else { throw .invalidUTF8(source: source) }
        let withoutBOM = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        guard !withoutBOM.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .empty(source: source) }
        let document = parse(withoutBOM, format: DocumentFormat.detect(fileName: fileName, text: withoutBOM))
        guard !document.markdown.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .empty(source: source) }
        return document
    }

    /// Parses text already known to be valid.
    public static func parse(_ text: String, format: DocumentFormat) -> ImportedDocument {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        switch format {
        case .text: return parsePlainText(normalized)
        case .markdown: return parseMarkdown(normalized)
        case .html:
            let converted = HTMLText.convert(normalized)
            var document = parseMarkdown(converted.markdown)
            if let title = converted.title, !title.isEmpty { document.title = title }
            return document
        }
    }

    /// Plain text: an optional leading `date YYYY-MM-DD`, paragraphs separated by blank lines,
    /// and short unpunctuated lines that are section headings.
    static func parsePlainText(_ text: String) -> ImportedDocument {
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
        return ImportedDocument(title: title, publishedAt: published, markdown: blocks.joined(separator: "\n\n") + "\n")
    }

    /// Markdown: kept as written; the title is the first `# heading`, else the first sentence.
    static func parseMarkdown(_ text: String) -> ImportedDocument {
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
        return ImportedDocument(title: title.map { TextStatistics.shorten($0, to: titleLength) }, publishedAt: nil, markdown: trimmed + "\n")
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

extension String {
    /// Decodes UTF-8 strictly: nil when `data` is not valid UTF-8.
    init?(validatingUTF8Data data: Data) {
        let decoded = String(decoding: data, as: UTF8.self)
        // Decoding replaces invalid sequences with U+FFFD; compare byte counts to detect that.
        if decoded.utf8.count != data.count || (decoded.contains("\u{FFFD}") && !data.containsReplacementCharacter) {
            return nil
        }
        self = decoded
    }
}

extension Data {
    /// Whether the bytes contain an encoded U+FFFD (EF BF BD) of their own.
    fileprivate var containsReplacementCharacter: Bool {
        range(of: Data([0xEF, 0xBF, 0xBD])) != nil
    }
}
