import Foundation
import Models

/// Raindrop.io's CSV export: `id,title,note,excerpt,url,folder,tags,created,cover,highlights,
/// favorite` (`folder` a `/` path, `tags` as `a, b`, `highlights` the highlighted passages).
enum RaindropImporter {
    static func read(_ data: Data, file: String, into batch: inout ImportBatch) throws(ImportError) {
        var table = try CSVTable(try ImportText.decode(data, file: file), file: file)
        let url = try table.requiredColumn("url")
        let title = table.column("title")
        let note = table.column("note")
        let folder = table.column("folder")
        let tags = table.column("tags")
        let created = table.column("created")
        let highlights = table.column("highlights")
        let favorite = table.column("favorite")
        while let row = table.next() {
            var item = ImportedItem(url: ImportURL.clean(row[field: url] ?? ""), location: ImportLocation(file: file, row: table.rowNumber))
            item.setTitle(row[field: title])
            if let folder = row[field: folder], folder.lowercased() != "unsorted" { item.tags.append(folder) }
            item.tags += (row[field: tags] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            item.savedAt = row[field: created].flatMap(ImportDate.parse)
            item.starred = LooseJSON.bool(row[field: favorite]) ?? false
            if let text = row[field: note] { item.notes.append(text) }
            item.highlights = passages(row[field: highlights]).map { ImportedHighlight(quote: $0) }
            batch.add(item)
        }
    }

    /// The passages of the highlights cell: one per `Highlight:` entry, else one per line.
    private static func passages(_ cell: String?) -> [String] {
        guard let cell else { return [] }
        let parts =
            cell.contains("Highlight:")
            ? cell.components(separatedBy: "Highlight:") : cell.components(separatedBy: "\n")
        return parts.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}
