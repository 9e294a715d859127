import Foundation
import Models

/// GoodLinks' JSON export: `[{title, url, originalURL, tags[], starred, summary, addedAt (epoch
/// seconds, fractional), readAt}]`; read links are archived.
enum GoodLinksImporter {
    static func read(_ data: Data, file: String, into batch: inout ImportBatch) throws(ImportError) {
        let objects = try LooseJSON.objects(try LooseJSON.parse(data, file: file), file: file, what: "links")
        for (index, object) in objects.enumerated() {
            let url = ImportURL.clean(LooseJSON.string(object["url"] ?? object["originalURL"]) ?? "")
            var item = ImportedItem(url: url, location: ImportLocation(file: file, row: index + 1))
            item.setTitle(LooseJSON.string(object["title"]))
            item.savedAt = LooseJSON.date(object["addedAt"])
            item.tags = LooseJSON.names(object["tags"])
            item.starred = LooseJSON.bool(object["starred"]) ?? false
            item.state = LooseJSON.date(object["readAt"]) != nil ? .archived : .unread
            batch.add(item)
        }
    }
}
