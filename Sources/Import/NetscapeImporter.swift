import Extraction
import Foundation
import Models

/// Netscape bookmark files, as every browser and bookmarking service writes them: read with
/// libxml2's HTML parser (`<DT>`, `<DD>` and `<p>` are never closed), folders (`<H3>` then its
/// `<DL>`) as tags, `TAGS`, `ADD_DATE` in seconds, milliseconds or microseconds, `TOREAD`,
/// descriptions in `<DD>` as notes.
enum NetscapeImporter {
    /// Browsers' own top folders, which say where a bookmark was shown, not what it is about.
    private static let rootFolderAttributes = ["personal_toolbar_folder", "unfiled_bookmarks_folder"]

    static func read(_ data: Data, file: String, into batch: inout ImportBatch) throws(ImportError) {
        let text = try ImportText.decode(data, file: file)
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        guard let root = MarkupElement.parse(html: text) else { throw .malformed(file: file, reason: "no HTML in the file") }
        var reader = Reader(file: file)
        reader.visit(root)
        reader.flush()
        // A file that marks bookmarks to read (`TOREAD="1"`) says the others were read.
        let marksUnread = reader.items.contains { $0.state != nil }
        for var item in reader.items {
            if marksUnread && item.state == nil { item.state = .archived }
            batch.add(item)
        }
    }

    private struct Reader {
        let file: String
        var items: [ImportedItem] = []
        /// The folder path of the list being read.
        var folders: [String?] = []
        /// The last folder heading not yet followed by its list.
        var heading: String?
        /// The bookmark a following `<DD>` describes.
        var current: ImportedItem?
        var position = 0

        init(file: String) { self.file = file }

        mutating func visit(_ element: MarkupElement) {
            for child in element.children {
                guard case .element(let child) = child else { continue }
                switch child.tag {
                case "h3":
                    flush()
                    let isRoot = NetscapeImporter.rootFolderAttributes.contains { child.attribute($0) != nil }
                    heading = isRoot ? "" : child.textContent.trimmingCharacters(in: .whitespacesAndNewlines)
                case "dl":
                    flush()
                    folders.append(heading.flatMap { $0.isEmpty ? nil : $0 })
                    heading = nil
                    visit(child)
                    flush()
                    folders.removeLast()
                case "a":
                    flush()
                    heading = nil
                    current = bookmark(child)
                case "dd":
                    // A description: of the bookmark just read (a folder's is dropped).
                    if var item = current {
                        let description = child.textContent.trimmingCharacters(in: .whitespacesAndNewlines)
                        if !description.isEmpty { item.notes.append(NetscapeImporter.note(from: description)) }
                        current = item
                    }
                    visit(child)
                default:
                    visit(child)
                }
            }
        }

        mutating func flush() {
            if let item = current { items.append(item) }
            current = nil
        }

        mutating func bookmark(_ link: MarkupElement) -> ImportedItem {
            position += 1
            var item = ImportedItem(url: ImportURL.clean(link.attribute("href") ?? ""), location: ImportLocation(file: file, row: position))
            item.setTitle(link.textContent)
            item.savedAt = link.attribute("add_date").flatMap(ImportDate.epoch)
            let path = folders.compactMap { $0 }
            if !path.isEmpty { item.tags.append(path.joined(separator: "/")) }
            item.tags += (link.attribute("tags") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            if let toRead = link.attribute("toread") { item.state = toRead == "0" ? .archived : .unread }
            return item
        }
    }

    /// linkding wraps its notes in `[linkding-notes]…[/linkding-notes]`; the markers go.
    static func note(from description: String) -> String {
        description.replacingOccurrences(of: "[linkding-notes]", with: "").replacingOccurrences(of: "[/linkding-notes]", with: "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
