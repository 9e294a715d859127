import Foundation

/// Inline Markdown (emphasis, code spans, links, images, hard breaks, backslash escapes) as
/// HTML pieces. Raw HTML tags are removed, with the contents of `script` and `style`.
enum MarkdownInline {
    /// Nesting deeper than this (links in emphasis in links…) is kept as text.
    static let maximumDepth = 8
    /// How far a closing mark is looked for (a link's `]` and `)`, emphasis, a code span's
    /// backticks): a paragraph of unclosed marks costs at most this much per mark, not the
    /// square of its length.
    static let searchLimit = 2_000

    static func pieces(_ text: String, depth: Int = 0) -> [HTMLPiece] {
        var parser = Parser(characters: Array(text), depth: depth)
        parser.run()
        return parser.output
    }

    private struct Parser {
        let characters: [Character]
        let depth: Int
        var index = 0
        var output: [HTMLPiece] = []
        var text = ""

        init(characters: [Character], depth: Int) {
            self.characters = characters
            self.depth = depth
        }

        mutating func run() {
            while index < characters.count {
                let character = characters[index]
                switch character {
                case "\\": escape()
                case "`": codeSpan()
                case "!" where peek(1) == "[": if !link(image: true) { appendText("!") }
                case "[": if !link(image: false) { appendText("[") }
                case "*", "_": emphasis(character)
                case "<": tag()
                case "\n": lineBreak()
                default: appendText(character)
                }
            }
            flush()
        }

        func peek(_ offset: Int) -> Character? {
            index + offset < characters.count ? characters[index + offset] : nil
        }

        mutating func appendText(_ character: Character) {
            text.append(character)
            index += 1
        }

        mutating func flush() {
            if !text.isEmpty { output.append(.text(text)) }
            text = ""
        }

        mutating func markup(_ html: String) {
            flush()
            output.append(.markup(html))
        }

        mutating func escape() {
            guard let next = peek(1) else {
                appendText("\\")
                return
            }
            if next == "\n" {
                markup("<br>")
                index += 2
            } else if next.isASCII && next.isPunctuation || next.isASCII && next.isSymbol {
                text.append(next)
                index += 2
            } else {
                appendText("\\")
            }
        }

        mutating func lineBreak() {
            if text.hasSuffix("  ") {
                text = String(text.dropLast(2))
                markup("<br>")
            } else {
                text.append("\n")
            }
            index += 1
        }

        mutating func codeSpan() {
            let run = characters[index...].prefix { $0 == "`" }.count
            var search = index + run
            let end = min(characters.count, index + MarkdownInline.searchLimit)
            while search < end {
                if characters[search] == "`" {
                    let closing = characters[search...].prefix { $0 == "`" }.count
                    if closing == run {
                        var code = String(characters[(index + run)..<search]).replacingOccurrences(of: "\n", with: " ")
                        if code.count > 2, code.hasPrefix(" "), code.hasSuffix(" ") { code = String(code.dropFirst().dropLast()) }
                        markup("<code>")
                        output.append(.text(code))
                        markup("</code>")
                        index = search + run
                        return
                    }
                    search += closing
                } else {
                    search += 1
                }
            }
            text += String(repeating: "`", count: run)
            index += run
        }

        /// A link or an image at `index`; false (nothing consumed) when there is none.
        mutating func link(image: Bool) -> Bool {
            let open = index + (image ? 1 : 0)
            guard depth < MarkdownInline.maximumDepth, let close = Self.matching(characters, from: open, open: "[", close: "]"),
                close + 1 < characters.count, characters[close + 1] == "(",
                let end = Self.matching(characters, from: close + 1, open: "(", close: ")")
            else { return false }
            let label = String(characters[(open + 1)..<close])
            let destination = Self.destination(String(characters[(close + 2)..<end]))
            index = end + 1
            if image {
                guard let url = SafeURL.image(destination) else {
                    text += Self.plain(label)
                    return true
                }
                markup(
                    "<img src=\"\(HTMLPiece.escape(url))\" alt=\"\(HTMLPiece.escape(Self.plain(label)))\" loading=\"lazy\" referrerpolicy=\"no-referrer\">"
                )
                return true
            }
            let inner = MarkdownInline.pieces(label, depth: depth + 1)
            guard let url = SafeURL.link(destination) else {
                flush()
                output += inner
                return true
            }
            markup("<a href=\"\(HTMLPiece.escape(url))\" rel=\"noopener noreferrer nofollow\">")
            output += inner
            markup("</a>")
            return true
        }

        mutating func emphasis(_ marker: Character) {
            let run = characters[index...].prefix { $0 == marker }.count
            let before = index > 0 ? characters[index - 1] : " "
            let after = peek(run) ?? " "
            let canOpen = !after.isWhitespace && (marker == "*" || !(before.isLetter || before.isNumber))
            guard canOpen, depth < MarkdownInline.maximumDepth, run <= 3 else {
                text += String(repeating: marker, count: run)
                index += run
                return
            }
            // The closing run: the same length, not after white space.
            var search = index + run
            let end = min(characters.count, index + MarkdownInline.searchLimit)
            while search < end {
                if characters[search] == "\\" {
                    search += 2
                    continue
                }
                if characters[search] == marker {
                    let closing = characters[search...].prefix { $0 == marker }.count
                    let next = search + closing < characters.count ? characters[search + closing] : " "
                    let closes =
                        closing == run && !characters[search - 1].isWhitespace && (marker == "*" || !(next.isLetter || next.isNumber))
                    if closes {
                        let inner = MarkdownInline.pieces(String(characters[(index + run)..<search]), depth: depth + 1)
                        let tags: (String, String) =
                            switch run {
                            case 1: ("<em>", "</em>")
                            case 2: ("<strong>", "</strong>")
                            default: ("<strong><em>", "</em></strong>")
                            }
                        markup(tags.0)
                        output += inner
                        markup(tags.1)
                        index = search + closing
                        return
                    }
                    search += closing
                } else {
                    search += 1
                }
            }
            text += String(repeating: marker, count: run)
            index += run
        }

        /// `<` starts raw HTML (removed), an autolink (`<https://…>`), or is a plain `<`.
        mutating func tag() {
            let end = min(characters.count, index + MarkdownInline.searchLimit)
            guard let close = characters[index..<end].firstIndex(of: ">") else {
                appendText("<")
                return
            }
            let inside = String(characters[(index + 1)..<close])
            if let url = SafeURL.link(inside), !inside.contains(" "), inside.contains(":") {
                markup("<a href=\"\(HTMLPiece.escape(url))\" rel=\"noopener noreferrer nofollow\">")
                output.append(.text(inside))
                markup("</a>")
                index = close + 1
                return
            }
            guard let first = inside.first, first.isLetter || first == "/" || first == "!" || first == "?" else {
                appendText("<")
                return
            }
            index = close + 1
            let name = inside.prefix { $0.isLetter || $0.isNumber }.lowercased()
            // The text of a script or a style element goes with its tags.
            if name == "script" || name == "style" {
                index = Self.end(ofElement: name, in: characters, from: index)
            }
        }

        /// The index after `</name…>` from `start` (case aside), or the end of the text.
        static func end(ofElement name: String, in characters: [Character], from start: Int) -> Int {
            let closing = Array("</" + name)
            var position = start
            while position + closing.count <= characters.count {
                if characters[position] == "<",
                    zip(characters[position..<(position + closing.count)], closing).allSatisfy({ $0.0.lowercased() == String($0.1) })
                {
                    let after = characters[(position + closing.count)...].firstIndex(of: ">") ?? (characters.count - 1)
                    return after + 1
                }
                position += 1
            }
            return characters.count
        }

        /// The index of the bracket closing the one at `start`, honouring nesting and escapes.
        static func matching(_ characters: [Character], from start: Int, open: Character, close: Character) -> Int? {
            var level = 0
            var position = start
            let end = min(characters.count, start + MarkdownInline.searchLimit)
            while position < end {
                let character = characters[position]
                if character == "\\" {
                    position += 2
                    continue
                }
                if character == open { level += 1 }
                if character == close {
                    level -= 1
                    if level == 0 { return position }
                }
                position += 1
            }
            return nil
        }

        /// A link's destination without its title, `<…>` and backslash escapes.
        static func destination(_ raw: String) -> String {
            var value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if value.hasPrefix("<"), let end = value.firstIndex(of: ">") {
                value = String(value[value.index(after: value.startIndex)..<end])
            } else if let space = value.firstIndex(where: { $0.isWhitespace }) {
                value = String(value[..<space])
            }
            return plain(value, keepingStars: true)
        }

        /// Markdown text without its backslash escapes and emphasis marks (for alt text).
        static func plain(_ markdown: String, keepingStars: Bool = false) -> String {
            var result = ""
            var escaped = false
            for character in markdown {
                if escaped {
                    result.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character != "*" || keepingStars {
                    result.append(character)
                }
            }
            return result
        }
    }
}
