import Foundation

/// The block structure of Markdown lines (headings, paragraphs, lists, quotes, fenced code,
/// tables, rules), rendered as HTML pieces; inline content goes to `MarkdownInline`.
struct MarkdownBlocks {
    var lines: [String]
    /// A tight list item's paragraphs go without `<p>`.
    var tight = false

    /// Lines nested deeper than this are rendered as text: input can nest quotes and lists
    /// without end, and the renderer recurses once per level.
    static let maximumDepth = 16
    var depth = 0

    func render(into output: inout [HTMLPiece]) {
        var index = 0
        while index < lines.count {
            let line = lines[index]
            if Self.isBlank(line) {
                index += 1
                continue
            }
            let indent = Self.indentation(line)
            let trimmed = String(line.drop(while: { $0 == " " }))
            if indent < 4, let fence = Self.fence(trimmed) {
                index = renderCode(from: index + 1, fence: fence, into: &output)
            } else if indent < 4, let (level, text) = Self.heading(trimmed) {
                output.append(.markup("<h\(level)>"))
                output += MarkdownInline.pieces(text)
                output.append(.markup("</h\(level)>"))
                output.append(.boundary)
                index += 1
            } else if indent < 4, trimmed.hasPrefix(">"), depth < Self.maximumDepth {
                var inner: [String] = []
                while index < lines.count {
                    let quoted = String(lines[index].drop(while: { $0 == " " }))
                    guard quoted.hasPrefix(">") else { break }
                    var rest = quoted.dropFirst()
                    if rest.first == " " { rest = rest.dropFirst() }
                    inner.append(String(rest))
                    index += 1
                }
                output.append(.markup("<blockquote>"))
                MarkdownBlocks(lines: inner, depth: depth + 1).render(into: &output)
                output.append(.markup("</blockquote>"))
                output.append(.boundary)
            } else if indent < 4, Self.isRule(trimmed) {
                output.append(.markup("<hr>"))
                output.append(.boundary)
                index += 1
            } else if indent < 4, let marker = Self.listMarker(line), depth < Self.maximumDepth {
                index = renderList(from: index, first: marker, into: &output)
            } else if indent < 4, trimmed.hasPrefix("|"), index + 1 < lines.count, Self.isTableDivider(lines[index + 1]) {
                index = renderTable(from: index, into: &output)
            } else {
                index = renderParagraph(from: index, into: &output)
            }
        }
    }

    // MARK: Blocks

    private func renderCode(from start: Int, fence: String, into output: inout [HTMLPiece]) -> Int {
        var index = start
        var code: [String] = []
        while index < lines.count, !lines[index].drop(while: { $0 == " " }).hasPrefix(fence) {
            code.append(lines[index])
            index += 1
        }
        output += [.markup("<pre><code>"), .text(code.joined(separator: "\n")), .markup("</code></pre>"), .boundary]
        return index + 1
    }

    private func renderParagraph(from start: Int, into output: inout [HTMLPiece]) -> Int {
        var index = start
        var text: [String] = []
        while index < lines.count {
            let line = lines[index]
            if Self.isBlank(line) { break }
            if !text.isEmpty && Self.startsBlock(line) { break }
            text.append(text.isEmpty ? String(line.drop(while: { $0 == " " })) : line)
            index += 1
        }
        if !tight { output.append(.markup("<p>")) }
        output += MarkdownInline.pieces(text.joined(separator: "\n"))
        if !tight { output.append(.markup("</p>")) }
        output.append(.boundary)
        return index
    }

    private func renderList(from start: Int, first: ListMarker, into output: inout [HTMLPiece]) -> Int {
        var items: [[String]] = []
        var width = first.width
        var index = start
        var loose = false
        while index < lines.count {
            let line = lines[index]
            if let marker = Self.listMarker(line), marker.ordered == first.ordered, Self.indentation(line) < width {
                items.append([String(line.dropFirst(marker.width))])
                width = marker.width
                index += 1
            } else if Self.isBlank(line) {
                guard let next = lines[(index + 1)...].firstIndex(where: { !Self.isBlank($0) }) else { break }
                let nextLine = lines[next]
                if Self.indentation(nextLine) >= width {
                    items[items.count - 1].append("")
                    index += 1
                } else if let marker = Self.listMarker(nextLine), marker.ordered == first.ordered {
                    loose = true
                    index = next
                } else {
                    break
                }
            } else if Self.indentation(line) >= width {
                items[items.count - 1].append(String(line.dropFirst(width)))
                index += 1
            } else if let last = items.last?.last, !Self.isBlank(last), !Self.startsBlock(line) {
                items[items.count - 1].append(line)  // a lazy continuation of the paragraph
                index += 1
            } else {
                break
            }
        }
        if first.ordered {
            output.append(.markup(first.number == 1 ? "<ol>" : "<ol start=\"\(first.number)\">"))
        } else {
            output.append(.markup("<ul>"))
        }
        for item in items {
            output.append(.markup("<li>"))
            let itemIsTight = !loose && !item.contains(where: Self.isBlank)
            MarkdownBlocks(lines: item, tight: itemIsTight, depth: depth + 1).render(into: &output)
            output.append(.markup("</li>"))
        }
        output.append(.markup(first.ordered ? "</ol>" : "</ul>"))
        output.append(.boundary)
        return index
    }

    private func renderTable(from start: Int, into output: inout [HTMLPiece]) -> Int {
        var index = start
        output.append(.markup("<table><thead>"))
        renderRow(lines[index], cell: "th", into: &output)
        output.append(.markup("</thead><tbody>"))
        index += 2
        while index < lines.count, lines[index].drop(while: { $0 == " " }).hasPrefix("|") {
            renderRow(lines[index], cell: "td", into: &output)
            index += 1
        }
        output.append(.markup("</tbody></table>"))
        output.append(.boundary)
        return index
    }

    private func renderRow(_ line: String, cell tag: String, into output: inout [HTMLPiece]) {
        output.append(.markup("<tr>"))
        for cell in Self.cells(line) {
            output.append(.markup("<\(tag)>"))
            output += MarkdownInline.pieces(cell)
            output.append(.markup("</\(tag)>"))
            output.append(.boundary)
        }
        output.append(.markup("</tr>"))
    }

    // MARK: Line kinds

    struct ListMarker {
        var ordered: Bool
        var number: Int
        /// Columns from the start of the line to the item's text.
        var width: Int
    }

    static func isBlank(_ line: String) -> Bool {
        line.allSatisfy { $0 == " " || $0 == "\t" }
    }

    static func indentation(_ line: String) -> Int {
        line.prefix { $0 == " " }.count
    }

    /// Whether the line begins a block that interrupts a paragraph.
    static func startsBlock(_ line: String) -> Bool {
        guard indentation(line) < 4 else { return false }
        let trimmed = String(line.drop(while: { $0 == " " }))
        return fence(trimmed) != nil || heading(trimmed) != nil || trimmed.hasPrefix(">") || isRule(trimmed) || listMarker(line) != nil
    }

    static func fence(_ trimmed: String) -> String? {
        for marker in ["```", "~~~"] where trimmed.hasPrefix(marker) {
            let character = marker.first ?? "`"
            return String(trimmed.prefix { $0 == character })
        }
        return nil
    }

    static func heading(_ trimmed: String) -> (Int, String)? {
        let level = trimmed.prefix { $0 == "#" }.count
        guard (1...6).contains(level) else { return nil }
        let rest = trimmed.dropFirst(level)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var text = rest.trimmingCharacters(in: .whitespaces)
        // A closing sequence of #s goes.
        if let closing = text.lastIndex(where: { $0 != "#" }), text[text.index(after: closing)...].count > 0, text[closing] == " " {
            text = String(text[..<closing]).trimmingCharacters(in: .whitespaces)
        }
        return (level, text)
    }

    static func isRule(_ trimmed: String) -> Bool {
        let compact = trimmed.filter { $0 != " " && $0 != "\t" }
        guard compact.count >= 3, let first = compact.first, "-*_".contains(first) else { return false }
        return compact.allSatisfy { $0 == first }
    }

    static func listMarker(_ line: String) -> ListMarker? {
        let indent = indentation(line)
        guard indent < 4 else { return nil }
        let rest = line.dropFirst(indent)
        guard let first = rest.first else { return nil }
        if first == "-" || first == "*" || first == "+" {
            let after = rest.dropFirst()
            guard after.isEmpty || after.first == " " else { return nil }
            return ListMarker(ordered: false, number: 0, width: indent + (after.isEmpty ? 1 : 2))
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard (1...9).contains(digits.count), let number = Int(digits) else { return nil }
        let after = rest.dropFirst(digits.count)
        guard let delimiter = after.first, delimiter == "." || delimiter == ")" else { return nil }
        let text = after.dropFirst()
        guard text.isEmpty || text.first == " " else { return nil }
        return ListMarker(ordered: true, number: number, width: indent + digits.count + (text.isEmpty ? 1 : 2))
    }

    static func isTableDivider(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.contains("-") else { return false }
        return trimmed.allSatisfy { "|-: ".contains($0) }
    }

    /// A table row's cells: split at pipes that are not escaped.
    static func cells(_ line: String) -> [String] {
        var trimmed = Substring(line.trimmingCharacters(in: .whitespaces))
        if trimmed.hasPrefix("|") { trimmed = trimmed.dropFirst() }
        if trimmed.hasSuffix("|") && !trimmed.hasSuffix("\\|") { trimmed = trimmed.dropLast() }
        var cells: [String] = []
        var cell = ""
        var escaped = false
        for character in trimmed {
            if escaped {
                cell.append(character)
                escaped = false
            } else if character == "\\" {
                cell.append(character)
                escaped = true
            } else if character == "|" {
                cells.append(cell.trimmingCharacters(in: .whitespaces))
                cell = ""
            } else {
                cell.append(character)
            }
        }
        cells.append(cell.trimmingCharacters(in: .whitespaces))
        return cells
    }
}
