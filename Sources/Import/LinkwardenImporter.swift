import Foundation
import Models

/// Linkwarden's JSON backup: the account with `collections[]` (`id`, `name`, `parentId`,
/// `links[]` of `{name, url, description, createdAt, tags[{name}]}`) and `pinnedLinks[]`.
/// Collections become tags (`parent/child`), pinned links are starred.
enum LinkwardenImporter {
    static func read(_ data: Data, file: String, into batch: inout ImportBatch) throws(ImportError) {
        guard let root = try LooseJSON.parse(data, file: file) as? [String: Any], let collections = root["collections"] as? [[String: Any]]
        else { throw .malformed(file: file, reason: "expected an object with a collections array") }
        var names: [String: (name: String, parent: String?)] = [:]
        for collection in collections {
            if let id = LooseJSON.string(collection["id"]), let name = LooseJSON.string(collection["name"]) {
                names[id] = (name, LooseJSON.string(collection["parentId"]))
            }
        }
        func path(_ id: String?) -> String? {
            var parts: [String] = []
            var next = id
            while let current = next, let collection = names[current], parts.count < 20 {
                parts.insert(collection.name, at: 0)
                next = collection.parent
            }
            return parts.isEmpty ? nil : parts.joined(separator: "/")
        }
        let pinned = Set(((root["pinnedLinks"] as? [[String: Any]]) ?? []).compactMap { LooseJSON.string($0["url"]) })
        var position = 0
        for collection in collections {
            let folder = path(LooseJSON.string(collection["id"]))
            for link in (collection["links"] as? [[String: Any]]) ?? [] {
                position += 1
                let raw = LooseJSON.string(link["url"]) ?? ""
                var item = ImportedItem(url: ImportURL.clean(raw), location: ImportLocation(file: file, row: position))
                item.setTitle(LooseJSON.string(link["name"]))
                item.savedAt = LooseJSON.date(link["createdAt"])
                item.tags = LooseJSON.names(link["tags"]) + [folder].compactMap { $0 }
                item.starred = pinned.contains(raw)
                if let description = LooseJSON.string(link["description"]) { item.notes.append(description) }
                batch.add(item)
            }
        }
    }
}
