import Foundation
import Models

/// Karakeep's (formerly Hoarder) JSON export: `{"bookmarks": [{createdAt, title, tags, lists,
/// content: {type: "link", url} | {type: "text", text} | null, note, archived}], "lists": [{id,
/// name, parentId}]}`; lists become tags (`parent/child`), text bookmarks have no URL.
enum KarakeepImporter {
    static func read(_ data: Data, file: String, into batch: inout ImportBatch) throws(ImportError) {
        guard let root = try LooseJSON.parse(data, file: file) as? [String: Any], let bookmarks = root["bookmarks"] as? [Any] else {
            throw .malformed(file: file, reason: "expected an object with a bookmarks array")
        }
        let lists = (root["lists"] as? [[String: Any]]) ?? []
        var names: [String: (name: String, parent: String?)] = [:]
        for list in lists {
            if let id = LooseJSON.string(list["id"]), let name = LooseJSON.string(list["name"]) {
                names[id] = (name, LooseJSON.string(list["parentId"]))
            }
        }
        func path(_ id: String) -> String? {
            var parts: [String] = []
            var next: String? = id
            while let current = next, let list = names[current], parts.count < 20 {
                parts.insert(list.name, at: 0)
                next = list.parent
            }
            return parts.isEmpty ? nil : parts.joined(separator: "/")
        }
        for (index, element) in bookmarks.enumerated() {
            let location = ImportLocation(file: file, row: index + 1)
            guard let bookmark = element as? [String: Any] else { continue }
            let content = bookmark["content"] as? [String: Any]
            let url = ImportURL.clean(LooseJSON.string(content?["url"]) ?? "")
            var item = ImportedItem(url: url, location: location)
            item.setTitle(LooseJSON.string(bookmark["title"]))
            item.savedAt = LooseJSON.date(bookmark["createdAt"])
            item.tags = LooseJSON.names(bookmark["tags"]) + ((bookmark["lists"] as? [Any]) ?? []).compactMap(LooseJSON.string).compactMap(path)
            item.state = (LooseJSON.bool(bookmark["archived"]) ?? false) ? .archived : .unread
            item.starred = LooseJSON.bool(bookmark["favourited"] ?? bookmark["favorited"]) ?? false
            if let note = LooseJSON.string(bookmark["note"]) { item.notes.append(note) }
            batch.add(item)
        }
    }
}
