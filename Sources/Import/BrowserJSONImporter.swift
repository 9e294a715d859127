import Foundation
import Models

/// Browsers' JSON bookmarks: Chrome's `Bookmarks` file (`roots` with `children`, `date_added`
/// in microseconds since 1601) and Firefox's JSON backup (`children`, `dateAdded` in
/// microseconds since 1970, `tags` comma-separated). Folders become tags; the browsers' own top
/// folders (bar, menu, other) do not.
enum BrowserJSONImporter {
    /// Seconds from 1601-01-01 (Windows' epoch, Chrome's) to 1970-01-01.
    private static let windowsEpochOffset: Double = 11_644_473_600

    static func read(_ data: Data, file: String, into batch: inout ImportBatch) throws(ImportError) {
        guard let root = try LooseJSON.parse(data, file: file) as? [String: Any] else {
            throw .malformed(file: file, reason: "expected a JSON object of bookmarks")
        }
        var position = 0
        func visit(_ node: [String: Any], folders: [String], isTop: Bool) {
            let name = LooseJSON.string(node["name"] ?? node["title"])
            let url = LooseJSON.string(node["url"] ?? node["uri"])
            if let children = node["children"] as? [[String: Any]] {
                let path = isTop || name == nil ? folders : folders + [name ?? ""]
                for child in children { visit(child, folders: path, isTop: node["root"] as? String == "placesRoot") }
                return
            }
            guard let url else { return }
            position += 1
            var item = ImportedItem(url: ImportURL.clean(url), location: ImportLocation(file: file, row: position))
            item.setTitle(name)
            if let chrome = LooseJSON.double(node["date_added"]), chrome > 0 {
                item.savedAt = Date(timeIntervalSince1970: chrome / 1e6 - windowsEpochOffset)
            } else {
                item.savedAt = LooseJSON.date(node["dateAdded"])
            }
            if !folders.isEmpty { item.tags.append(folders.joined(separator: "/")) }
            item.tags += LooseJSON.names(node["tags"])
            batch.add(item)
        }
        if let roots = root["roots"] as? [String: Any] {
            for key in roots.keys.sorted() { if let node = roots[key] as? [String: Any] { visit(node, folders: [], isTop: true) } }
        } else {
            visit(root, folders: [], isTop: true)
        }
    }
}
