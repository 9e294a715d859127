import Extraction
import Foundation
import Models

/// wallabag's JSON exports, v1 (`is_read`, `is_fav`) and v2 (`is_archived`, `is_starred`,
/// `annotations`), with booleans as `true`/`false` or `0`/`1` and ids as strings or numbers. The
/// `content` is the readable article, turned into Markdown here.
enum WallabagImporter {
    static func read(_ data: Data, file: String, into batch: inout ImportBatch) throws(ImportError) {
        let objects = try LooseJSON.objects(try LooseJSON.parse(data, file: file), file: file, what: "entries")
        for (index, object) in objects.enumerated() {
            let url = ImportURL.clean(LooseJSON.string(object["url"] ?? object["given_url"] ?? object["origin_url"]) ?? "")
            var item = ImportedItem(url: url, location: ImportLocation(file: file, row: index + 1))
            item.setTitle(LooseJSON.string(object["title"]))
            let archived = LooseJSON.bool(object["is_archived"] ?? object["is_read"]) ?? false
            item.state = archived ? .archived : .unread
            item.starred = LooseJSON.bool(object["is_starred"] ?? object["is_fav"]) ?? false
            item.savedAt = LooseJSON.date(object["created_at"])
            item.publishedAt = LooseJSON.date(object["published_at"])
            item.byline = (object["published_by"] as? [Any])?.compactMap(LooseJSON.string).joined(separator: ", ").nonEmptyImport
            item.tags = LooseJSON.names(object["tags"])
            if let html = LooseJSON.string(object["content"]) {
                if html.utf8.count > ArticleDraft.sizeLimit {
                    batch.skip(item.location, .tooLarge, detail: url)
                    continue
                }
                item.content = Extractor.markdown(readableHTML: html, url: URL(string: url))
            }
            for annotation in object["annotations"] as? [[String: Any]] ?? [] {
                let highlight = ImportedHighlight(
                    quote: LooseJSON.string(annotation["quote"]), note: LooseJSON.string(annotation["text"]) ?? "",
                    createdAt: LooseJSON.date(annotation["created_at"]))
                if !highlight.isEmpty { item.highlights.append(highlight) }
            }
            batch.add(item)
        }
    }
}

extension String {
    /// Nil when empty (or only white space).
    var nonEmptyImport: String? { trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : self }
}
