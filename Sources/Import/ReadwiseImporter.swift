import Foundation
import Models

/// Readwise Reader's CSV export (`Title,URL,ID,Document tags,Saved date,Reading progress,
/// Location,Seen`) and the Readwise highlights CSV (`Highlight,Book Title,…,Note,…,Highlighted
/// at`), whose highlights join the articles of the same title.
enum ReadwiseImporter {
    static func read(_ data: Data, file: String, into batch: inout ImportBatch) throws(ImportError) {
        let text = try ImportText.decode(data, file: file)
        var table = try CSVTable(text, file: file)
        if table.column("highlight") != nil && table.column("url") == nil {
            return try readHighlights(&table, into: &batch)
        }
        let url = try table.requiredColumn("url")
        let title = table.column("title")
        let tags = table.column("document tags")
        let saved = table.column("saved date")
        let progress = table.column("reading progress")
        let location = table.column("location")
        while let row = table.next() {
            var item = ImportedItem(url: ImportURL.clean(row[field: url] ?? ""), location: ImportLocation(file: file, row: table.rowNumber))
            item.setTitle(row[field: title])
            item.tags = pythonList(row[field: tags])
            item.savedAt = row[field: saved].flatMap(ImportDate.parse)
            if let value = row[field: progress].flatMap(Double.init) { item.progress = min(max(value > 1 ? value / 100 : value, 0), 1) }
            item.state = row[field: location]?.lowercased() == "archive" ? .archived : .unread
            batch.add(item)
        }
    }

    private static func readHighlights(_ table: inout CSVTable, into batch: inout ImportBatch) throws(ImportError) {
        let highlight = try table.requiredColumn("highlight")
        let bookTitle = table.column("book title")
        let author = table.column("book author")
        let note = table.column("note")
        let tags = table.column("tags")
        let date = table.column("highlighted at")
        while let row = table.next() {
            let value = ImportedHighlight(
                quote: row[field: highlight], note: row[field: note] ?? "",
                tags: (row[field: tags] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
                createdAt: row[field: date].flatMap(ImportDate.parse))
            guard !value.isEmpty else { continue }
            batch.addLooseHighlight(
                value, title: row[field: bookTitle], author: row[field: author],
                location: ImportLocation(file: table.file, row: table.rowNumber))
        }
    }

    /// A Python list literal of strings: `['a', "it's", 'peanut, butter']`.
    static func pythonList(_ text: String?) -> [String] {
        guard let text else { return [] }
        var result: [String] = []
        var current = ""
        var quote: Character?
        var escaped = false
        for character in text {
            if let open = quote {
                if escaped {
                    current.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == open {
                    result.append(current)
                    current = ""
                    quote = nil
                } else {
                    current.append(character)
                }
            } else if character == "'" || character == "\"" {
                quote = character
            }
        }
        // Not a list literal: a plain comma-separated cell.
        if result.isEmpty && !text.hasPrefix("[") {
            return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        return result
    }
}
