import Foundation

/// A simple HTML-to-Markdown conversion by tag stripping: enough for pages saved from a
/// browser until real extraction lands. Scripts, styles and other invisible parts are dropped,
/// block elements become paragraphs, `h1`-`h6` headings, `li` list items.
public enum HTMLText {
    /// The page's `<title>` and its visible text as Markdown.
    public static func convert(_ html: String) -> (title: String?, markdown: String) {
        var output = ""
        var title: String?
        var skipUntil: String?
        var pendingPrefix = ""
        var index = html.startIndex
        var capturingTitle = false
        var titleText = ""

        func appendBreak() {
            if !output.hasSuffix("\n\n") {
                output = output.trimmingTrailingSpaces() + (output.isEmpty ? "" : "\n\n")
            }
        }

        while index < html.endIndex {
            let character = html[index]
            if character == "<" {
                guard let close = html[index...].firstIndex(of: ">") else { break }
                let rawTag = html[html.index(after: index)..<close]
                index = html.index(after: close)
                if rawTag.hasPrefix("!--") {
                    if !rawTag.hasSuffix("--"), let end = html[index...].range(of: "-->") { index = end.upperBound }
                    continue
                }
                let isClosing = rawTag.hasPrefix("/")
                let name = rawTag.drop(while: { $0 == "/" }).prefix(while: { $0.isLetter || $0.isNumber }).lowercased()
                if let skipped = skipUntil {
                    if isClosing && name == skipped { skipUntil = nil }
                    continue
                }
                switch name {
                case "script", "style", "noscript", "template", "svg", "nav", "footer", "iframe", "form", "button", "select":
                    if !isClosing && !rawTag.hasSuffix("/") { skipUntil = name }
                case "title":
                    capturingTitle = !isClosing
                    if isClosing { title = decodeEntities(titleText).collapsingWhitespace() }
                case "h1", "h2", "h3", "h4", "h5", "h6":
                    appendBreak()
                    if !isClosing, let level = Int(name.dropFirst()) { pendingPrefix = String(repeating: "#", count: level) + " " }
                case "li":
                    if !isClosing {
                        output = output.trimmingTrailingSpaces()
                        if !output.isEmpty && !output.hasSuffix("\n") { output += "\n" }
                        pendingPrefix = "- "
                    }
                case "br":
                    output = output.trimmingTrailingSpaces() + "\n"
                case "p", "div", "section", "article", "blockquote", "pre", "ul", "ol", "table", "tr", "header", "main", "aside", "figure",
                    "figcaption", "dl", "dt", "dd", "hr":
                    appendBreak()
                case "td", "th":
                    output += " "
                default:
                    break
                }
                continue
            }
            // Text up to the next tag.
            let next = html[index...].firstIndex(of: "<") ?? html.endIndex
            let text = html[index..<next]
            index = next
            if skipUntil != nil { continue }
            if capturingTitle {
                titleText += text
                continue
            }
            let decoded = decodeEntities(String(text)).collapsingWhitespace(keepEdges: true)
            if decoded.trimmingCharacters(in: .whitespaces).isEmpty {
                if !decoded.isEmpty && !output.isEmpty && !output.hasSuffix(" ") && !output.hasSuffix("\n") { output += " " }
                continue
            }
            if !pendingPrefix.isEmpty {
                output += pendingPrefix
                pendingPrefix = ""
                output += decoded.drop(while: { $0 == " " })
            } else {
                if output.hasSuffix("\n") {
                    output += decoded.drop(while: { $0 == " " })
                } else {
                    output += decoded
                }
            }
        }
        let markdown = output.components(separatedBy: "\n\n")
            .map { $0.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "\n") }
            .filter { !$0.isEmpty && $0 != "#" }
            .joined(separator: "\n\n")
        let cleanTitle = title.flatMap { $0.isEmpty ? nil : $0 }
        return (cleanTitle, markdown.isEmpty ? "" : markdown + "\n")
    }

    static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "mdash": "—",
        "ndash": "–", "hellip": "…", "rsquo": "’", "lsquo": "‘", "rdquo": "”", "ldquo": "“",
        "copy": "©", "reg": "®", "trade": "™", "eacute": "é", "egrave": "è", "uuml": "ü",
        "ouml": "ö", "auml": "ä", "szlig": "ß", "laquo": "«", "raquo": "»", "middot": "·", "bull": "•",
    ]

    /// Decodes named and numeric character references.
    public static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "&", let semicolon = text[index...].prefix(12).firstIndex(of: ";") {
                let name = text[text.index(after: index)..<semicolon]
                var replacement: String?
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    replacement = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else if name.hasPrefix("#") {
                    replacement = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
                } else {
                    replacement = namedEntities[String(name)]
                }
                if let replacement {
                    result += replacement
                    index = text.index(after: semicolon)
                    continue
                }
            }
            result.append(character)
            index = text.index(after: index)
        }
        return result
    }
}

extension String {
    /// Runs of white space folded to one space; trimmed unless `keepEdges`.
    func collapsingWhitespace(keepEdges: Bool = false) -> String {
        var result = ""
        var lastWasSpace = false
        for character in self {
            if character.isWhitespace {
                if !lastWasSpace { result.append(" ") }
                lastWasSpace = true
            } else {
                result.append(character)
                lastWasSpace = false
            }
        }
        return keepEdges ? result : result.trimmingCharacters(in: .whitespaces)
    }

    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
