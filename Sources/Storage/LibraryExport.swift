import Foundation
import Models

/// Folio's own JSON export: every article and note with all their fields. Written by
/// `folio export --format json`, read back by `folio import`.
package struct LibraryExport: Sendable, Codable, Equatable {
    /// Names the format, so `folio import` can refuse other JSON.
    package static let formatName = "folio-export"
    package static let currentVersion = 1

    package var format: String
    package var version: Int
    package var exportedAt: Date
    package var articles: [Article]
    package var notes: [Note]

    package init(exportedAt: Date = Date(), articles: [Article], notes: [Note]) {
        format = Self.formatName
        version = Self.currentVersion
        self.exportedAt = exportedAt
        self.articles = articles
        self.notes = notes
    }

    /// One line of the JSON-lines form: a header line, then one line per item.
    package enum Line: Sendable, Codable, Equatable {
        case header(format: String, version: Int, exportedAt: Date)
        case article(Article)
        case note(Note)

        enum CodingKeys: String, CodingKey { case type, format, version, exportedAt, article, note }

        package init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            switch try container.decode(String.self, forKey: .type) {
            case "header":
                self = .header(
                    format: try container.decode(String.self, forKey: .format),
                    version: try container.decode(Int.self, forKey: .version),
                    exportedAt: try container.decode(Date.self, forKey: .exportedAt))
            case "article": self = .article(try container.decode(Article.self, forKey: .article))
            case "note": self = .note(try container.decode(Note.self, forKey: .note))
            case let other:
                throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "unknown line type \(other)")
            }
        }

        package func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .header(let format, let version, let exportedAt):
                try container.encode("header", forKey: .type)
                try container.encode(format, forKey: .format)
                try container.encode(version, forKey: .version)
                try container.encode(exportedAt, forKey: .exportedAt)
            case .article(let article):
                try container.encode("article", forKey: .type)
                try container.encode(article, forKey: .article)
            case .note(let note):
                try container.encode("note", forKey: .type)
                try container.encode(note, forKey: .note)
            }
        }
    }

    /// The lines of `data`, found with a raw byte scan (much faster than `Data.split`).
    static func lines(of data: Data) -> [Data] {
        var ranges: [Range<Int>] = []
        data.withUnsafeBytes { bytes in
            var start = 0
            for index in 0..<bytes.count where bytes[index] == 0x0A {
                if index > start { ranges.append(start..<index) }
                start = index + 1
            }
            if start < bytes.count { ranges.append(start..<bytes.count) }
        }
        let base = data.startIndex
        return ranges.map { data[(base + $0.lowerBound)..<(base + $0.upperBound)] }
    }

    /// Reads either form (one JSON document, or JSON lines). Ids must be Folio's (UUIDs); an
    /// article larger than `folio add` takes is left to the caller to skip.
    package static func decode(_ data: Data, source: String) throws(StoreError) -> LibraryExport {
        let library = try decodeUnchecked(data, source: source)
        if let article = library.articles.first(where: { !EntityID.isValid($0.id) }) {
            throw .invalidValue("\(source): article id \(article.id.prefix(40)) is not a Folio id (a UUID); nothing was imported")
        }
        if let note = library.notes.first(where: { !EntityID.isValid($0.id) || !($0.articleID.map(EntityID.isValid) ?? true) }) {
            throw .invalidValue("\(source): note id \(note.id.prefix(40)) is not a Folio id (a UUID); nothing was imported")
        }
        let limit = ArticleDraft.sizeLimit
        if let note = library.notes.first(where: { $0.body.utf8.count + ($0.quote?.utf8.count ?? 0) > limit }) {
            throw .invalidValue("\(source): note \(note.id) is more than the \(limit / 1_000_000) MB folio keeps; nothing was imported")
        }
        return library
    }

    private static func decodeUnchecked(_ data: Data, source: String) throws(StoreError) -> LibraryExport {
        let decoder = FolioJSON.decoder()
        let trimmed = data.drop(while: { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 })
        if let document = try? decoder.decode(LibraryExport.self, from: Data(trimmed)) {
            guard document.format == formatName else { throw .invalidValue("\(source) is not a Folio export (format \(document.format))") }
            guard document.version <= currentVersion else {
                throw .invalidValue("\(source) was exported by a newer folio (version \(document.version))")
            }
            return document
        }
        var articles: [Article] = []
        var notes: [Note] = []
        var sawHeader = false
        var lineNumber = 0
        for line in Self.lines(of: Data(trimmed)) where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) {
            lineNumber += 1
            guard let item = try? decoder.decode(Line.self, from: Data(line)) else {
                if lineNumber == 1 { throw .invalidValue("\(source) is not a Folio JSON export (made by `folio export --format json`)") }
                throw .invalidValue("\(source): line \(lineNumber) is not a valid export line")
            }
            switch item {
            case .header(let format, let version, _):
                guard format == formatName else { throw .invalidValue("\(source) is not a Folio export (format \(format))") }
                guard version <= currentVersion else { throw .invalidValue("\(source) was exported by a newer folio (version \(version))") }
                sawHeader = true
            case .article(let article): articles.append(article)
            case .note(let note): notes.append(note)
            }
        }
        guard sawHeader else { throw .invalidValue("\(source) is not a Folio JSON export (made by `folio export --format json`)") }
        return LibraryExport(articles: articles, notes: notes)
    }
}
