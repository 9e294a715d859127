import Extraction
import Foundation
import Models

/// Instapaper's exports: the CSV (`URL,Title,Selection,Folder`, then `,Timestamp`, then
/// `,Tags` as a JSON array) and the HTML export (`<h1>Folder</h1><ol><li><a>` per folder).
enum InstapaperImporter {
    static func read(_ data: Data, file: String, into batch: inout ImportBatch) throws(ImportError) {
        let text = try ImportText.decode(data, file: file)
        if text.drop(while: \.isWhitespace).first == "<" { return try readHTML(text, file: file, into: &batch) }
        var table = try CSVTable(text, file: file)
        let url = try table.requiredColumn("url")
        let title = table.column("title")
        let selection = table.column("selection")
        let folder = table.column("folder")
        let timestamp = table.column("timestamp")
        let tags = table.column("tags")
        while let row = table.next() {
            var item = ImportedItem(url: ImportURL.clean(row[field: url] ?? ""), location: ImportLocation(file: file, row: table.rowNumber))
            item.setTitle(row[field: title])
            apply(folder: row[field: folder], to: &item)
            item.savedAt = row[field: timestamp].flatMap(ImportDate.epoch)
            item.tags += jsonTags(row[field: tags])
            // Text selected when the link was saved: kept as a note on the article.
            if let selection = row[field: selection] { item.notes.append(selection) }
            batch.add(item)
        }
    }

    /// `Unread`, `Archive`, `Starred`, or a folder of the user's (a tag).
    private static func apply(folder: String?, to item: inout ImportedItem) {
        switch folder {
        case nil, "Unread": item.state = .unread
        case "Archive": item.state = .archived
        case "Starred":
            item.state = .unread
            item.starred = true
        case let name?:
            item.state = .unread
            item.tags.append(name)
        }
    }

    /// `["a","b"]`, `[]` or nothing.
    private static func jsonTags(_ cell: String?) -> [String] {
        guard let cell, let data = cell.data(using: .utf8), let value = try? JSONSerialization.jsonObject(with: data) else {
            return []
        }
        return LooseJSON.names(value)
    }

    private static func readHTML(_ text: String, file: String, into batch: inout ImportBatch) throws(ImportError) {
        guard let root = MarkupElement.parse(html: text) else { throw .malformed(file: file, reason: "no HTML in the file") }
        var folder: String?
        var position = 0
        root.walk { element in
            if element.tag == "h1" {
                folder = element.textContent.trimmingCharacters(in: .whitespacesAndNewlines)
                return
            }
            guard element.tag == "a" else { return }
            position += 1
            var item = ImportedItem(url: ImportURL.clean(element.attribute("href") ?? ""), location: ImportLocation(file: file, row: position))
            item.setTitle(element.textContent)
            apply(folder: folder, to: &item)
            batch.add(item)
        }
    }
}
