import Foundation

/// One line of the news corpus (`news.jsonl`).
struct CorpusRecord: Decodable, Sendable {
    var id: String
    var source: String
    var category: String
    var title: String
    var date: String
    var text: String
}

/// A corpus document prepared for generation: a title and the text split into paragraphs.
struct CorpusDocument: Sendable {
    var id: String
    var source: String
    var category: String
    var title: String
    var paragraphs: [String]
}

/// The corpus, loaded once: documents with non-empty text, in file order.
struct Corpus: Sendable {
    var documents: [CorpusDocument]

    /// Reads a JSON-lines file; lines that cannot be decoded or have no text are skipped.
    init(path: String) throws(BenchError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .input("cannot read the corpus \(path)")
        }
        let decoder = JSONDecoder()
        var documents: [CorpusDocument] = []
        var skipped = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
            guard let record = try? decoder.decode(CorpusRecord.self, from: Data(line)) else {
                skipped += 1
                continue
            }
            let text = record.text.contains("\r") ? record.text.replacingOccurrences(of: "\r\n", with: "\n") : record.text
            let paragraphs = Self.paragraphs(text)
            guard !paragraphs.isEmpty else {
                skipped += 1
                continue
            }
            var title = record.title.trimmingCharacters(in: .whitespacesAndNewlines)
            if title.isEmpty {
                title = paragraphs[0].split(separator: " ").prefix(8).joined(separator: " ")
            }
            documents.append(
                CorpusDocument(
                    id: record.id, source: record.source, category: record.category, title: title, paragraphs: paragraphs))
        }
        guard !documents.isEmpty else { throw .input("the corpus \(path) has no documents with text") }
        self.documents = documents
        if skipped > 0 { printError("corpus: skipped \(skipped) lines without usable text") }
    }

    /// Splits text into paragraphs: a blank line, or a line indented by two or more spaces (as
    /// in the Reuters articles), starts a new paragraph; lines inside a paragraph are joined.
    static func paragraphs(_ text: String) -> [String] {
        var paragraphs: [String] = []
        var current: [Substring] = []
        func flush() {
            if !current.isEmpty { paragraphs.append(current.joined(separator: " ")) }
            current = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = trimSpaces(line)
            if trimmed.isEmpty {
                flush()
                continue
            }
            if line.hasPrefix("  ") { flush() }
            current.append(trimmed)
        }
        flush()
        return paragraphs
    }

    /// `text` without leading and trailing spaces, tabs and carriage returns (cheaper than
    /// Foundation's `trimmingCharacters(in:)`, which dominated corpus loading).
    static func trimSpaces(_ text: Substring) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\u{A0}" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else {
            return text[text.endIndex...]
        }
        return text[first...last]
    }

    /// The sentences of a paragraph that make a sensible quote or note: split after `.`, `!`
    /// or `?` followed by a space, keeping those of 4 to 60 words.
    static func sentences(_ paragraph: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        var previous: Character = " "
        for character in paragraph {
            if character == " ", previous == "." || previous == "!" || previous == "?" {
                sentences.append(current)
                current = ""
            } else {
                current.append(character)
            }
            previous = character
        }
        sentences.append(current)
        return
            sentences
            .map { String(trimSpaces(Substring($0))) }
            .filter {
                let words = $0.split(separator: " ").count
                return words >= 4 && words <= 60
            }
    }
}
