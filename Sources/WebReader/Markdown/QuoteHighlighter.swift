import Foundation
import Storage

/// Marks notes' quotes in a rendered article with `<mark>`, matching as `Store.text(_:contains:)`
/// does (case, runs of white space, block edges and typographic quotes aside), across inline
/// formatting: a mark closes before a tag and opens again after it, so the HTML stays nested.
package enum QuoteHighlighter {
    /// A passage to mark, and the note it belongs to.
    package struct Quote: Sendable, Equatable {
        package var noteID: String
        package var text: String

        package init(noteID: String, text: String) {
            self.noteID = noteID
            self.text = text
        }
    }

    /// The result: the article's HTML, and the notes whose quote is not in its text.
    package struct Result: Sendable, Equatable {
        package var html: String
        package var notFound: [String]
    }

    package static func highlight(_ pieces: [HTMLPiece], quotes: [Quote]) -> Result {
        // The article's text as one folded stream, each folded character pointing at the
        // position of the text character it came from.
        var textCharacters: [Character] = []
        var folded: [Character] = []
        var origin: [Int] = []
        var pendingSpace = false
        func addSpace() { pendingSpace = true }
        for piece in pieces {
            switch piece {
            case .boundary: addSpace()
            case .markup(let html) where html == "<br>": addSpace()
            case .markup: break
            case .text(let text):
                for character in text {
                    let position = textCharacters.count
                    textCharacters.append(character)
                    for foldedCharacter in fold(character) {
                        if foldedCharacter == " " {
                            pendingSpace = true
                            continue
                        }
                        if pendingSpace && !folded.isEmpty {
                            folded.append(" ")
                            origin.append(position)
                        }
                        pendingSpace = false
                        folded.append(foldedCharacter)
                        origin.append(position)
                    }
                }
            }
        }
        // Which text characters are marked, and by which note.
        var marks = [String?](repeating: nil, count: textCharacters.count)
        var notFound: [String] = []
        for quote in quotes {
            let needle = foldedNeedle(quote.text)
            guard !needle.isEmpty, let start = firstIndex(of: needle, in: folded) else {
                notFound.append(quote.noteID)
                continue
            }
            for position in origin[start]...origin[start + needle.count - 1] where marks[position] == nil {
                marks[position] = quote.noteID
            }
        }
        return Result(html: render(pieces, marks: marks), notFound: notFound)
    }

    private static func render(_ pieces: [HTMLPiece], marks: [String?]) -> String {
        var html = ""
        var position = 0
        var firstMarkOf: Set<String> = []
        for piece in pieces {
            guard case .text(let text) = piece else {
                html += HTMLPiece.join([piece])
                continue
            }
            let count = text.count
            if !marks[position..<(position + count)].contains(where: { $0 != nil }) {
                html += HTMLPiece.escape(text)
                position += count
                continue
            }
            var open: String?
            for character in text {
                let mark = marks[position]
                if mark != open {
                    if open != nil { html += "</mark>" }
                    if let mark {
                        let anchor = firstMarkOf.insert(mark).inserted ? " id=\"quote-\(HTMLPiece.escape(mark))\"" : ""
                        html += "<mark class=\"quote\"\(anchor) data-note=\"\(HTMLPiece.escape(mark))\">"
                    }
                    open = mark
                }
                html += HTMLPiece.escape(String(character))
                position += 1
            }
            if open != nil { html += "</mark>" }
        }
        return html
    }

    /// A character as the match sees it; " " for white space and heading marks, nothing for
    /// Markdown's inline marks (as `Store.text(_:contains:)` folds them).
    private static func fold(_ character: Character) -> [Character] {
        if character.isWhitespace || character == "#" { return [" "] }
        if Store.inlineMarks.contains(character) { return [] }
        switch character {
        case "“", "”": return ["\""]
        case "‘", "’": return ["'"]
        default: return Array(String(character).lowercased())
        }
    }

    private static func foldedNeedle(_ text: String) -> [Character] {
        var needle: [Character] = []
        var pendingSpace = false
        // A quote copied from the Markdown (`folio show`) may hold a link's target, which the
        // rendered text does not.
        for character in text.replacingOccurrences(of: #"\]\([^()\s]*\)"#, with: "", options: .regularExpression) {
            for foldedCharacter in fold(character) {
                if foldedCharacter == " " {
                    pendingSpace = true
                    continue
                }
                if pendingSpace && !needle.isEmpty { needle.append(" ") }
                pendingSpace = false
                needle.append(foldedCharacter)
            }
        }
        return needle
    }

    private static func firstIndex(of needle: [Character], in haystack: [Character]) -> Int? {
        guard needle.count <= haystack.count, let first = needle.first else { return nil }
        var start = 0
        while start + needle.count <= haystack.count {
            if haystack[start] == first && haystack[start..<(start + needle.count)].elementsEqual(needle) { return start }
            start += 1
        }
        return nil
    }
}
