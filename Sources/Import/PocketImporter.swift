import Extraction
import Foundation
import Models

/// Pocket's exports: the zip of `part_*.csv` files with `annotations/part_*.json`, a bare part
/// CSV (three header generations), and the older `ril_export.html`.
enum PocketImporter {
    /// Pocket cut titles at this many characters: such a title is provisional.
    static let cutTitleLength = 75

    static func read(_ data: Data, file: String, into batch: inout ImportBatch) throws(ImportError) {
        if data.starts(with: [0x50, 0x4B]) { return try readZip(data, file: file, into: &batch) }
        let text = try ImportText.decode(data, file: file)
        if text.drop(while: \.isWhitespace).first == "<" { return try readHTML(text, file: file, into: &batch) }
        try readCSV(text, file: file, into: &batch)
    }

    private static func readZip(_ data: Data, file: String, into batch: inout ImportBatch) throws(ImportError) {
        let entries = try ZipFiles.entries(data, file: file)
        let parts = entries.filter { ZipFiles.baseName($0.path).hasPrefix("part_") && $0.path.hasSuffix(".csv") && !$0.path.contains("annotations/") }
            .sorted { ZipFiles.number(in: $0.path) < ZipFiles.number(in: $1.path) }
        guard !parts.isEmpty else { throw .malformed(file: file, reason: "a Pocket zip without part_*.csv files") }
        for part in parts {
            try readCSV(try ImportText.decode(part.data, file: "\(file):\(part.path)"), file: "\(file):\(part.path)", into: &batch)
        }
        let annotations = entries.filter { $0.path.contains("annotations/") && $0.path.hasSuffix(".json") }
            .sorted { ZipFiles.number(in: $0.path) < ZipFiles.number(in: $1.path) }
        for entry in annotations {
            try readAnnotations(entry.data, file: "\(file):\(entry.path)", into: &batch)
        }
    }

    static func readCSV(_ text: String, file: String, into batch: inout ImportBatch) throws(ImportError) {
        var table = try CSVTable(text, file: file)
        let url = try table.requiredColumn("url")
        let title = table.column("title")
        let added = table.column("time_added")
        let tags = table.column("tags")
        let status = table.column("status")
        while let row = table.next() {
            let location = ImportLocation(file: file, row: table.rowNumber)
            var item = ImportedItem(url: ImportURL.clean(row[field: url] ?? ""), location: location)
            item.savedAt = row[field: added].flatMap(ImportDate.epoch)
            setTitle(row[field: title], of: &item)
            item.tags = (row[field: tags] ?? "").split(separator: "|").map(String.init)
            item.state = row[field: status]?.lowercased() == "archive" ? .archived : .unread
            batch.add(item)
        }
    }

    /// The title, decoded; provisional when it is the URL, missing, or cut at 75 characters.
    private static func setTitle(_ raw: String?, of item: inout ImportedItem) {
        item.setTitle(raw)
        if item.title?.count == cutTitleLength { item.titleIsProvisional = true }
    }

    /// `annotations/part_*.json`: `[{url, title, highlights: [{quote, created_at}]}]`, joined to
    /// the items by URL.
    private static func readAnnotations(_ data: Data, file: String, into batch: inout ImportBatch) throws(ImportError) {
        let objects = try LooseJSON.objects(try LooseJSON.parse(data, file: file), file: file, what: "annotated items")
        for (index, object) in objects.enumerated() {
            let url = ImportURL.clean(LooseJSON.string(object["url"]) ?? "")
            let highlights = (object["highlights"] as? [[String: Any]] ?? []).map { highlight in
                ImportedHighlight(quote: LooseJSON.string(highlight["quote"]), createdAt: LooseJSON.date(highlight["created_at"]))
            }.filter { !$0.isEmpty }
            guard !highlights.isEmpty else { continue }
            if !batch.addHighlights(highlights, toURL: url) {
                var item = ImportedItem(url: url, location: ImportLocation(file: file, row: index + 1))
                setTitle(LooseJSON.string(object["title"]), of: &item)
                item.highlights = highlights
                batch.add(item)
            }
        }
    }

    /// `ril_export.html`: `<h1>Unread</h1><ul><li><a href time_added tags>…` then `<h1>Read Archive</h1>`.
    private static func readHTML(_ text: String, file: String, into batch: inout ImportBatch) throws(ImportError) {
        guard let root = MarkupElement.parse(html: text) else { throw .malformed(file: file, reason: "no HTML in the file") }
        var archived = false
        var position = 0
        root.walk { element in
            if element.tag == "h1" {
                archived = element.textContent.lowercased().contains("archive")
                return
            }
            guard element.tag == "a" else { return }
            position += 1
            var item = ImportedItem(url: ImportURL.clean(element.attribute("href") ?? ""), location: ImportLocation(file: file, row: position))
            setTitle(element.textContent, of: &item)
            item.savedAt = element.attribute("time_added").flatMap(ImportDate.epoch)
            item.tags = (element.attribute("tags") ?? "").split(separator: ",").map(String.init)
            item.state = archived ? .archived : .unread
            batch.add(item)
        }
    }
}
