import Foundation

/// The formats `folio import` reads, told apart by their content (never the file name).
package enum ImportFormat: String, Sendable, CaseIterable, Codable {
    case folio
    case pocket
    case instapaper
    case omnivore
    case netscape
    case wallabag
    case readwise
    case raindrop
    case karakeep
    case linkwarden
    case pinboard
    case goodlinks
    case browser
    case csv

    /// What `folio import --list-formats` says of the format.
    package var summary: String {
        switch self {
        case .folio: "Folio's own export (`folio export --format json` or jsonl)"
        case .pocket: "Pocket: the export zip (part_*.csv, annotations/), a part CSV, or ril_export.html"
        case .instapaper: "Instapaper: the CSV export (4, 5 or 6 columns) or the HTML export"
        case .omnivore: "Omnivore: the export zip (metadata_*.json, content/, highlights/)"
        case .netscape: "Bookmark files (Netscape format) from every browser, Pinboard, Shaarli, linkding, Readeck…"
        case .wallabag: "wallabag: the JSON export (v1 or v2), with content and annotations"
        case .readwise: "Readwise Reader: the CSV export, and the highlights CSV"
        case .raindrop: "Raindrop.io: the CSV export"
        case .karakeep: "Karakeep (Hoarder): the JSON export"
        case .linkwarden: "Linkwarden: the JSON backup"
        case .pinboard: "Pinboard: the JSON export"
        case .goodlinks: "GoodLinks: the JSON export"
        case .browser: "Browser JSON bookmarks: Chrome's Bookmarks file, Firefox's JSON backup"
        case .csv: "Any CSV with a url column (Folio's `export --format csv` among them): title, tags, state, saved…"
        }
    }

    /// The format of `data`, from its content; nil when none matches.
    package static func detect(_ data: Data) -> ImportFormat? {
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) || data.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            guard let names = try? ZipFiles.entryNames(data) else { return nil }
            if names.contains(where: { ZipFiles.baseName($0).hasPrefix("part_") && $0.hasSuffix(".csv") }) { return .pocket }
            if names.contains(where: { ZipFiles.baseName($0).hasPrefix("metadata_") && $0.hasSuffix(".json") }) { return .omnivore }
            return nil
        }
        var bytes = data.prefix(65_536)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let head = String(decoding: bytes, as: UTF8.self)
        let trimmed = head.drop(while: { $0.isWhitespace })
        guard let first = trimmed.first else { return nil }
        let lower = head.lowercased()
        if first == "{" || first == "[" {
            if head.contains("\"folio-export\"") { return .folio }
            return detectJSON(data)
        }
        if first == "<" {
            if lower.contains("netscape-bookmark-file") || lower.contains("<dt>") || lower.contains("<dt ") { return .netscape }
            if lower.contains("time_added") || lower.contains("<title>pocket export") { return .pocket }
            if lower.contains("instapaper") { return .instapaper }
            return nil
        }
        let header = csvHeader(head)
        if CSVTable.header(header, has: ["url", "title", "time_added"]) { return .pocket }
        if CSVTable.header(header, has: ["url", "title", "selection", "folder"]) { return .instapaper }
        if CSVTable.header(header, has: ["url", "title", "document tags", "saved date"]) { return .readwise }
        if CSVTable.header(header, has: ["highlight", "book title"]) { return .readwise }
        if CSVTable.header(header, has: ["url", "title", "excerpt", "folder", "tags", "created"]) { return .raindrop }
        if header.contains("url") { return .csv }
        return nil
    }

    /// The header row of CSV text: the first line, split at commas outside quotes, trimmed and lowercased.
    private static func csvHeader(_ text: String) -> [String] {
        guard let line = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).first
        else { return [] }
        var fields: [String] = []
        var field = ""
        var quoted = false
        for character in line {
            if character == "\"" {
                quoted.toggle()
            } else if character == "," && !quoted {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
        }
        fields.append(field)
        return fields.map { $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() }
    }

    private static func detectJSON(_ data: Data) -> ImportFormat? {
        guard let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return nil }
        if let object = value as? [String: Any] {
            if object["format"] as? String == "folio-export" { return .folio }
            if object["bookmarks"] is [Any] { return .karakeep }
            if object["collections"] is [Any] { return .linkwarden }
            if object["roots"] is [String: Any] || object["children"] is [Any] { return .browser }
            return nil
        }
        guard let array = value as? [Any], let item = array.first(where: { $0 is [String: Any] }) as? [String: Any] else {
            return nil
        }
        if item["href"] != nil && item["description"] != nil { return .pinboard }
        if item["is_archived"] != nil || item["given_url"] != nil || item["is_starred"] != nil || item["is_read"] != nil
            || item["is_fav"] != nil
        {
            return .wallabag
        }
        if item["slug"] != nil && item["savedAt"] != nil { return .omnivore }
        if item["addedAt"] != nil && item["url"] != nil { return .goodlinks }
        return nil
    }
}
