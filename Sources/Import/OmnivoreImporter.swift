import Extraction
import Foundation
import Models

/// Omnivore's export zip: `metadata_<a>_to_<b>.json` (in numeric order), `content/<slug>.html`
/// (the readable article, turned into Markdown here) and `highlights/<slug>.md`. A bare
/// metadata file reads too.
enum OmnivoreImporter {
    static func read(_ data: Data, file: String, into batch: inout ImportBatch) throws(ImportError) {
        guard data.starts(with: [0x50, 0x4B]) else {
            return try readMetadata(data, file: file, contents: [:], highlights: [:], into: &batch)
        }
        let entries = try ZipFiles.entries(data, file: file)
        var contents: [String: Data] = [:]
        var highlights: [String: (path: String, data: Data)] = [:]
        for entry in entries {
            let name = ZipFiles.baseName(entry.path)
            if entry.path.contains("content/") && name.hasSuffix(".html") {
                // The same name may appear twice in one zip: the first is kept.
                let slug = String(name.dropLast(5))
                if contents[slug] == nil { contents[slug] = entry.data }
            } else if entry.path.contains("highlights/") && name.hasSuffix(".md") {
                highlights[String(name.dropLast(3))] = entry
            }
        }
        let metadata = entries.filter { ZipFiles.baseName($0.path).hasPrefix("metadata_") && $0.path.hasSuffix(".json") }
            .sorted { ZipFiles.number(in: $0.path) < ZipFiles.number(in: $1.path) }
        guard !metadata.isEmpty else { throw .malformed(file: file, reason: "an Omnivore zip without metadata_*.json files") }
        for entry in metadata {
            try readMetadata(entry.data, file: "\(file):\(entry.path)", contents: contents, highlights: highlights, into: &batch)
        }
    }

    private static func readMetadata(
        _ data: Data, file: String, contents: [String: Data], highlights: [String: (path: String, data: Data)],
        into batch: inout ImportBatch
    ) throws(ImportError) {
        let objects = try LooseJSON.objects(try LooseJSON.parse(data, file: file), file: file, what: "saved items")
        for (index, object) in objects.enumerated() {
            let url = ImportURL.clean(LooseJSON.string(object["url"]) ?? "")
            var item = ImportedItem(url: url, location: ImportLocation(file: file, row: index + 1))
            item.setTitle(LooseJSON.string(object["title"]))
            item.byline = LooseJSON.string(object["author"])
            item.savedAt = LooseJSON.date(object["savedAt"])
            item.publishedAt = LooseJSON.date(object["publishedAt"])
            item.tags = LooseJSON.names(object["labels"])
            switch LooseJSON.string(object["state"])?.lowercased() {
            case "archived": item.state = .archived
            default: item.state = .unread
            }
            if let progress = LooseJSON.double(object["readingProgress"]) { item.progress = min(max(progress / 100, 0), 1) }
            if let slug = LooseJSON.string(object["slug"]) {
                if let html = contents[slug] {
                    if html.count > ArticleDraft.sizeLimit {
                        batch.skip(item.location, .tooLarge, detail: url)
                        continue
                    }
                    item.content = Extractor.markdown(readableHTML: String(decoding: html, as: UTF8.self), url: URL(string: url))
                }
                if let entry = highlights[slug] {
                    let parsed = parseHighlights(try ImportText.decode(entry.data, file: "\(file):\(entry.path)"))
                    item.highlights = parsed.highlights
                    item.notes = parsed.notes
                }
            }
            batch.add(item)
        }
    }

    /// A highlights file: each highlight `> ` + quote + a space (only the blank lines inside a
    /// quote keep a `>`), then optionally a blank line and `#label #label`, then optionally a
    /// blank line and the note; highlights apart by a blank line. Text before the first quote is
    /// a note on the article.
    static func parseHighlights(_ text: String) -> (highlights: [ImportedHighlight], notes: [String]) {
        var highlights: [ImportedHighlight] = []
        var articleNote: [String] = []
        // Blocks apart by truly empty lines (a quote's own blank lines are `>` lines).
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        var blocks: [[String]] = [[]]
        for line in lines {
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                if !(blocks.last ?? []).isEmpty { blocks.append([]) }
            } else {
                blocks[blocks.count - 1].append(line)
            }
        }
        var current: ImportedHighlight?
        var noteParts: [String] = []
        func finish() {
            if var highlight = current {
                highlight.note = noteParts.joined(separator: "\n\n")
                if !highlight.isEmpty { highlights.append(highlight) }
            } else if !noteParts.isEmpty {
                articleNote += noteParts
            }
            current = nil
            noteParts = []
        }
        for block in blocks where !block.isEmpty {
            if block[0].hasPrefix(">") {
                finish()
                let quote = block.enumerated().map { index, line in
                    if line == ">" || line == "> " { return "" }
                    return index == 0 ? String(line.dropFirst(line.hasPrefix("> ") ? 2 : 1)) : line
                }.joined(separator: "\n").trimmingCharacters(in: .whitespaces)
                current = ImportedHighlight(quote: quote)
            } else if current != nil, noteParts.isEmpty, current?.tags.isEmpty == true,
                block.joined(separator: " ").split(separator: " ").allSatisfy({ $0.hasPrefix("#") && $0.count > 1 })
            {
                current?.tags = block.joined(separator: " ").split(separator: " ").map { String($0.dropFirst()) }
            } else {
                noteParts.append(block.joined(separator: "\n"))
            }
        }
        finish()
        let note = articleNote.joined(separator: "\n\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return (highlights, note.isEmpty ? [] : [note])
    }
}
