import Foundation

/// Turns the extracted content into Markdown (headings, paragraphs, lists, block quotes, code,
/// tables, emphasis, links with absolute URLs) and into plain text for search, one block a paragraph.
struct ArticleRenderer {
    /// What relative links are resolved against: the page's `<base href>` or its URL.
    let baseURL: URL?

    struct Block {
        var markdown: String
        var text: String
    }

    /// The Markdown and the plain text of `content`.
    /// Text is in Unicode's composed form (NFC), as search and comparisons expect: a page may spell "ü" or "য়" as a
    /// letter followed by a combining mark.
    func render(_ content: HTMLNode) -> (markdown: String, text: String) {
        let blocks = renderChildren(of: content)
        let markdown = blocks.map(\.markdown).joined(separator: "\n\n")
        let text = blocks.map(\.text).joined(separator: "\n\n")
        // The Markdown holds the same letters as the text: one look at the text says whether both need composing.
        guard ArticleRenderer.needsComposing(text) else { return (markdown, text) }
        return (markdown.precomposedStringWithCanonicalMapping, text.precomposedStringWithCanonicalMapping)
    }

    /// Whether the text may change in Unicode's normalization form C: it has a combining mark (or a compatibility
    /// ideograph, which NFC replaces). Most pages have none, and then the cost of normalizing is saved.
    static func needsComposing(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            scalar.value >= 0x300
                && (scalar.properties.canonicalCombiningClass != .notReordered || (0xF900...0xFAFF).contains(scalar.value))
        }
    }

    static let blockTags: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html",
        "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
        "ul", "caption",
    ]

    // MARK: Blocks

    private func renderChildren(of node: HTMLNode) -> [Block] {
        var blocks: [Block] = []
        var line = InlineBuffer()
        for child in node.children {
            if child.kind == .element && ArticleRenderer.blockTags.contains(child.tag) {
                line.flush(into: &blocks)
                blocks += renderBlock(child)
            } else {
                renderInline(child, into: &line)
            }
        }
        line.flush(into: &blocks)
        return blocks
    }

    private func renderBlock(_ node: HTMLNode) -> [Block] {
        switch node.tag {
        case "h1", "h2", "h3", "h4", "h5", "h6":
            let level = Int(String(node.tag.dropFirst())) ?? 2
            var line = InlineBuffer()
            for child in node.children { renderInline(child, into: &line) }
            guard let block = line.block() else { return [] }
            return [Block(markdown: String(repeating: "#", count: level) + " " + block.markdown, text: block.text)]
        case "p":
            var line = InlineBuffer()
            for child in node.children { renderInline(child, into: &line) }
            return line.block().map { [$0] } ?? []
        case "ul", "ol", "menu", "dir":
            return renderList(node, ordered: node.tag == "ol")
        case "blockquote":
            let inner = renderChildren(of: node)
            guard !inner.isEmpty else { return [] }
            let markdown = inner.map(\.markdown).joined(separator: "\n\n").split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? ">" : "> " + $0 }.joined(separator: "\n")
            return [Block(markdown: markdown, text: inner.map(\.text).joined(separator: "\n\n"))]
        case "pre":
            let code = node.textContent.trimmingCharacters(in: .newlines)
            guard !code.trimmingASCIIWhitespace().isEmpty else { return [] }
            let fence = code.contains("```") ? "~~~~" : "```"
            return [Block(markdown: "\(fence)\n\(code)\n\(fence)", text: code)]
        case "table":
            return renderTable(node)
        case "hr":
            return []
        case "dt":
            var line = InlineBuffer()
            for child in node.children { renderInline(child, into: &line) }
            return line.block().map { [Block(markdown: "**\($0.markdown)**", text: $0.text)] } ?? []
        default:
            return renderChildren(of: node)
        }
    }

    private func renderList(_ list: HTMLNode, ordered: Bool) -> [Block] {
        var items: [Block] = []
        var number = Int(list.attribute("start") ?? "") ?? 1
        for child in list.children {
            let inner: [Block]
            if child.tag == "li" {
                inner = renderChildren(of: child)
            } else if child.kind == .element {
                inner = ArticleRenderer.blockTags.contains(child.tag) ? renderBlock(child) : inlineBlocks(child)
            } else {
                inner = inlineBlocks(child)
            }
            guard !inner.isEmpty else { continue }
            let marker = ordered ? "\(number). " : "- "
            number += 1
            let indent = String(repeating: " ", count: marker.count)
            let lines = inner.map(\.markdown).joined(separator: "\n\n").split(separator: "\n", omittingEmptySubsequences: false)
            var markdown = ""
            for (index, line) in lines.enumerated() {
                if index == 0 {
                    markdown += marker + line
                } else {
                    markdown += "\n" + (line.isEmpty ? "" : indent + line)
                }
            }
            items.append(Block(markdown: markdown, text: inner.map(\.text).joined(separator: "\n")))
        }
        guard !items.isEmpty else { return [] }
        return [Block(markdown: items.map(\.markdown).joined(separator: "\n"), text: items.map(\.text).joined(separator: "\n"))]
    }

    private func inlineBlocks(_ node: HTMLNode) -> [Block] {
        var line = InlineBuffer()
        renderInline(node, into: &line)
        return line.block().map { [$0] } ?? []
    }

    private func renderTable(_ table: HTMLNode) -> [Block] {
        var rows: [[Block]] = []
        for row in table.descendants(tag: "tr") where row.hasAncestor(tag: "table", maxDepth: 0, where: { $0 === table }) {
            let cells = row.elementChildren.filter { $0.tag == "td" || $0.tag == "th" }.map { cell -> Block in
                let blocks = renderChildren(of: cell)
                return Block(
                    markdown: blocks.map(\.markdown).joined(separator: " ").replacingOccurrences(of: "\n", with: " ")
                        .replacingOccurrences(of: "|", with: "\\|"),
                    text: blocks.map(\.text).joined(separator: " "))
            }
            if cells.contains(where: { !$0.text.isEmpty || !$0.markdown.isEmpty }) { rows.append(cells) }
        }
        guard let first = rows.first else { return [] }
        let columns = rows.map(\.count).max() ?? first.count
        func line(_ cells: [Block]) -> String {
            let padded = cells.map(\.markdown) + Array(repeating: "", count: columns - cells.count)
            return "| " + padded.joined(separator: " | ") + " |"
        }
        var markdown = [line(first), "|" + String(repeating: " --- |", count: columns)]
        markdown += rows.dropFirst().map(line)
        let text = rows.map { $0.map(\.text).filter { !$0.isEmpty }.joined(separator: " ") }.joined(separator: "\n")
        return [Block(markdown: markdown.joined(separator: "\n"), text: text)]
    }

    // MARK: Inline content

    private func renderInline(_ node: HTMLNode, into line: inout InlineBuffer) {
        if node.kind == .text {
            line.append(text: node.text)
            return
        }
        switch node.tag {
        case "br":
            line.appendBreak()
        case "a":
            var inner = InlineBuffer()
            for child in node.children { renderInline(child, into: &inner) }
            if let href = node.attribute("href"), let url = resolve(href), !inner.isBlank {
                line.appendWrapped(inner, prefix: "[", suffix: "](\(url))")
            } else {
                line.append(inner)
            }
        case "em", "i", "cite", "dfn", "var":
            wrap(node, "*", into: &line)
        case "strong", "b":
            wrap(node, "**", into: &line)
        case "code", "kbd", "samp", "tt":
            let code = TextMetrics.normalize(node.textContent)
            guard !code.isEmpty else { return }
            let fence = code.contains("`") ? "``" : "`"
            line.appendRaw(markdown: "\(fence)\(code)\(fence)", text: code)
        case "img":
            if let source = node.attribute("src"), let url = resolve(source), !source.hasPrefix("data:") {
                let alt = TextMetrics.normalize(node.attribute("alt") ?? "")
                line.appendRaw(markdown: "![\(InlineBuffer.escape(alt))](\(url))", text: "")
            }
        case "svg", "math", "video", "audio", "picture", "source", "canvas", "iframe", "object", "embed", "select", "button":
            // Nothing to read; a picture's <img> fallback is not worth a stray image in the text.
            if node.tag == "picture", let image = node.descendants(tag: "img").first { renderInline(image, into: &line) }
        default:
            if ArticleRenderer.blockTags.contains(node.tag) {
                // A block inside inline content (a <div> in a link): keep its words, separated.
                line.append(text: " ")
                for child in node.children { renderInline(child, into: &line) }
                line.append(text: " ")
            } else {
                for child in node.children { renderInline(child, into: &line) }
            }
        }
    }

    private func wrap(_ node: HTMLNode, _ marker: String, into line: inout InlineBuffer) {
        var inner = InlineBuffer()
        for child in node.children { renderInline(child, into: &inner) }
        if inner.isBlank || inner.markdown.contains(marker) {
            line.append(inner)
        } else {
            line.appendWrapped(inner, prefix: marker, suffix: marker)
        }
    }

    /// The absolute URL of a link, for Markdown (spaces and parentheses escaped); nil for script and same-page links.
    func resolve(_ reference: String) -> String? {
        let trimmed = reference.trimmingASCIIWhitespace()
        let lowered = trimmed.lowercased()
        if trimmed.isEmpty || trimmed.hasPrefix("#") || lowered.hasPrefix("javascript:") || lowered.hasPrefix("data:") { return nil }
        let resolved: String
        if let url = URL(string: trimmed, relativeTo: baseURL), url.scheme != nil {
            resolved = url.absoluteString
        } else if let encoded = trimmed.addingPercentEncoding(withAllowedCharacters: .urlFragmentAllowed),
            let url = URL(string: encoded, relativeTo: baseURL), url.scheme != nil
        {
            resolved = url.absoluteString
        } else {
            resolved = trimmed
        }
        return resolved.replacingOccurrences(of: " ", with: "%20").replacingOccurrences(of: "(", with: "%28")
            .replacingOccurrences(of: ")", with: "%29")
    }
}

/// One paragraph's inline content being built, as Markdown and as plain text, whitespace collapsed.
struct InlineBuffer {
    private(set) var markdown = ""
    private(set) var text = ""
    private var pendingSpace = false

    var isBlank: Bool { text.isEmpty && markdown.isEmpty }

    mutating func append(text raw: String) {
        // Words, and the single spaces between them, are copied a stretch at a time; whitespace runs, soft hyphens and
        // what Markdown must escape are handled one scalar at a time (the same result as taking every scalar alone).
        let scalars = raw.unicodeScalars
        var stretchStart: String.Index?
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let next = scalars.index(after: index)
            if InlineBuffer.isPlain(scalar) {
                if stretchStart == nil { stretchStart = index }
                index = next
                continue
            }
            if scalar == " ", stretchStart != nil, next < scalars.endIndex, InlineBuffer.isPlain(scalars[next]) {
                index = next
                continue
            }
            if let start = stretchStart {
                appendStretch(Substring(scalars[start..<index]))
                stretchStart = nil
            }
            if TextMetrics.isWhitespace(scalar) {
                pendingSpace = true
            } else if scalar != "\u{AD}" {
                // A soft hyphen only says where a word may break at the end of a line: it is not part of the word.
                flushSpace()
                text.unicodeScalars.append(scalar)
                InlineBuffer.appendEscaped(scalar, to: &markdown)
            }
            index = next
        }
        if let start = stretchStart { appendStretch(Substring(scalars[start..<scalars.endIndex])) }
    }

    /// Appends words without whitespace runs, soft hyphens or characters to escape, to the text and the Markdown alike.
    private mutating func appendStretch(_ stretch: Substring) {
        flushSpace()
        text += stretch
        markdown += stretch
    }

    /// Whether the scalar goes into the text and the Markdown as it is: not whitespace, not a soft hyphen, not escaped.
    private static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\\", "`", "*", "_", "[", "]", "<", "\u{AD}": return false
        default: return !TextMetrics.isWhitespace(scalar)
        }
    }

    mutating func appendRaw(markdown piece: String, text textPiece: String) {
        flushSpace()
        markdown += piece
        text += textPiece
    }

    mutating func appendBreak() {
        if !markdown.isEmpty {
            markdown += "\\\n"
            text += "\n"
        }
        pendingSpace = false
    }

    mutating func append(_ other: InlineBuffer) {
        if other.isBlank {
            if other.pendingSpace { pendingSpace = true }
            return
        }
        if other.startsWithSpace { pendingSpace = true }
        flushSpace()
        markdown += other.markdown
        text += other.text
        pendingSpace = other.pendingSpace
    }

    mutating func appendWrapped(_ other: InlineBuffer, prefix: String, suffix: String) {
        if other.startsWithSpace { pendingSpace = true }
        flushSpace()
        markdown += prefix + other.markdown.trimmingASCIIWhitespace() + suffix
        text += other.text
        pendingSpace = other.pendingSpace
    }

    /// Whether the content began with whitespace (kept as a space before it once something precedes it).
    private var startsWithSpace = false

    private mutating func flushSpace() {
        if pendingSpace {
            if markdown.isEmpty && text.isEmpty {
                startsWithSpace = true
            } else {
                if !markdown.hasSuffix("\n") { markdown += " " }
                if !text.hasSuffix("\n") { text += " " }
            }
            pendingSpace = false
        }
    }

    /// The paragraph, or nil when it holds nothing.
    func block() -> ArticleRenderer.Block? {
        let markdown = self.markdown.trimmingASCIIWhitespace()
        let text = self.text.trimmingASCIIWhitespace()
        if markdown.isEmpty && text.isEmpty { return nil }
        return ArticleRenderer.Block(markdown: InlineBuffer.escapeLineStart(markdown), text: text)
    }

    mutating func flush(into blocks: inout [ArticleRenderer.Block]) {
        if let block = block() { blocks.append(block) }
        self = InlineBuffer()
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars { appendEscaped(scalar, to: &result) }
        return result
    }

    private static func appendEscaped(_ scalar: Unicode.Scalar, to markdown: inout String) {
        switch scalar {
        case "\\", "`", "*", "_", "[", "]", "<":
            markdown.unicodeScalars.append("\\")
        default:
            break
        }
        markdown.unicodeScalars.append(scalar)
    }

    /// Escapes what would make a paragraph's first characters a heading, quote, list item or rule.
    private static func escapeLineStart(_ markdown: String) -> String {
        guard let first = markdown.first else { return markdown }
        if first == "#" || first == ">" || first == "+" || first == "=" || (first == "-" && markdown.count > 1) {
            return "\\" + markdown
        }
        if first.isNumber {
            let digits = markdown.prefix { $0.isNumber }
            let rest = markdown.dropFirst(digits.count)
            if let marker = rest.first, marker == "." || marker == ")", rest.dropFirst().first?.isWhitespace ?? true {
                return digits + "\\" + rest
            }
        }
        return markdown
    }
}
