import Extraction
import Foundation
import Models

/// Any CSV with a `url` column, Folio's own CSV export among them (`url,title,byline,site,
/// published,saved,tags,state,starred,progress`): the columns it has of those are read, by name.
enum CSVImporter {
    static func read(_ data: Data, file: String, into batch: inout ImportBatch) throws(ImportError) {
        var table = try CSVTable(try ImportText.decode(data, file: file), file: file)
        let url = try table.requiredColumn("url", "href", "link")
        let title = table.column("title", "name")
        let byline = table.column("byline", "author")
        let published = table.column("published")
        let saved = table.column("saved", "created", "added", "date")
        let tags = table.column("tags")
        let state = table.column("state", "status")
        let starred = table.column("starred", "favorite")
        let progress = table.column("progress")
        while let row = table.next() {
            var item = ImportedItem(url: ImportURL.clean(row[field: url] ?? ""), location: ImportLocation(file: file, row: table.rowNumber))
            item.setTitle(row[field: title])
            item.byline = row[field: byline]
            item.publishedAt = row[field: published].flatMap(ImportDate.parse)
            item.savedAt = row[field: saved].flatMap(ImportDate.parse)
            item.tags = (row[field: tags] ?? "").split(whereSeparator: { $0 == "," || $0 == "|" }).map { $0.trimmingCharacters(in: .whitespaces) }
            switch row[field: state]?.lowercased() {
            case "archived", "archive", "read": item.state = .archived
            case nil: break
            default: item.state = .unread
            }
            item.starred = LooseJSON.bool(row[field: starred]) ?? false
            if let value = row[field: progress].flatMap(Double.init), (0...1).contains(value) { item.progress = value }
            batch.add(item)
        }
    }
}
