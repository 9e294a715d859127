import Foundation
import Models

/// Pinboard's JSON export: `[{href, description (the title), extended, time, shared, toread
/// ("yes"/"no"), tags (space-separated)}]`.
enum PinboardImporter {
    static func read(_ data: Data, file: String, into batch: inout ImportBatch) throws(ImportError) {
        let objects = try LooseJSON.objects(try LooseJSON.parse(data, file: file), file: file, what: "bookmarks")
        for (index, object) in objects.enumerated() {
            var item = ImportedItem(
                url: ImportURL.clean(LooseJSON.string(object["href"]) ?? ""), location: ImportLocation(file: file, row: index + 1))
            item.setTitle(LooseJSON.string(object["description"]))
            item.savedAt = LooseJSON.date(object["time"])
            item.tags = (LooseJSON.string(object["tags"]) ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
            item.state = (LooseJSON.bool(object["toread"]) ?? false) ? .unread : .archived
            if let extended = LooseJSON.string(object["extended"]) { item.notes.append(extended) }
            batch.add(item)
        }
    }
}
