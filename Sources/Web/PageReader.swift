import Extraction
import Foundation
import Models

/// An article read from a web page or a saved file: what `folio add` stores.
public struct ReadableDocument: Sendable, Hashable {
    public var title: String?
    public var byline: String?
    public var site: String?
    public var publishedAt: Date?
    /// The main text as Markdown.
    public var markdown: String

    public init(title: String?, byline: String? = nil, site: String? = nil, publishedAt: Date? = nil, markdown: String) {
        self.title = title
        self.byline = byline
        self.site = site
        self.publishedAt = publishedAt
        self.markdown = markdown
    }

    init(_ article: ExtractedArticle) {
        self.init(
            title: article.title.isEmpty ? nil : article.title, byline: article.byline, site: article.siteName,
            publishedAt: article.publishedAt, markdown: article.markdown)
    }

    init(_ document: ImportedDocument) {
        self.init(title: document.title, publishedAt: document.publishedAt, markdown: document.markdown)
    }
}

/// Why a saved file gave no article.
public enum DocumentReadError: Error, Sendable, Equatable, CustomStringConvertible {
    case document(DocumentError)
    case extraction(source: String, ExtractionError)

    public var description: String {
        switch self {
        case .document(let error): return error.description
        case .extraction(let source, let error): return "\(source): \(error.description)"
        }
    }
}

/// Turns pages and files into articles: HTML through the readable-article extractor
/// (`Extraction`), plain text and Markdown as they are.
public enum PageReader {
    /// Reads a fetched page. PDFs, images, audio, video and archives are refused (they are not
    /// articles; save a link to them as a note instead).
    public static func read(_ page: FetchedPage) throws(FetchError) -> ReadableDocument {
        guard !page.body.isEmpty else { throw .unreadable(url: page.url, reason: "the page is empty") }
        let mediaType = page.mediaType ?? sniff(page.body)
        switch mediaType {
        case "text/html", "application/xhtml+xml", "html":
            do {
                return ReadableDocument(try Extractor.extract(html: page.body, url: URL(string: page.url), contentType: page.contentType))
            } catch {
                throw .unreadable(url: page.url, reason: error.description)
            }
        case "text/plain", "text/markdown", "text/x-markdown", "text":
            let text = decodeText(page.body, contentType: page.contentType)
            let markdown = mediaType != "text/plain" || page.url.lowercased().hasSuffix(".md")
            let document = ImportedDocument.parse(text, format: markdown ? .markdown : .text)
            guard !document.markdown.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw .unreadable(url: page.url, reason: "the page is empty")
            }
            return ReadableDocument(document)
        default:
            throw .unsupported(url: page.url, mediaType: mediaType)
        }
    }

    /// Reads a saved file (or standard input): an HTML page through the extractor, with `url`
    /// for its links; text and Markdown as `ImportedDocument` reads them.
    public static func read(_ data: Data, source: String, fileName: String?, url: String?) throws(DocumentReadError) -> ReadableDocument {
        guard data.count <= ImportedDocument.sizeLimit else {
            throw .document(.tooLarge(source: source, bytes: data.count, limit: ImportedDocument.sizeLimit))
        }
        if isHTML(data, fileName: fileName) {
            do {
                return ReadableDocument(try Extractor.extract(html: data, url: url.flatMap(URL.init(string:))))
            } catch .empty {
                throw .document(.empty(source: source))
            } catch {
                throw .extraction(source: source, error)
            }
        }
        do {
            return ReadableDocument(try ImportedDocument.read(data, source: source, fileName: fileName))
        } catch {
            throw .document(error)
        }
    }

    /// Whether a file is an HTML page: by its name, else by its first bytes.
    static func isHTML(_ data: Data, fileName: String?) -> Bool {
        let lowered = fileName?.lowercased() ?? ""
        if [".html", ".htm", ".xhtml"].contains(where: lowered.hasSuffix) { return true }
        if [".md", ".markdown", ".txt"].contains(where: lowered.hasSuffix) { return false }
        return sniff(data) == "html"
    }

    /// A media type guessed from the first bytes: "html", "text", or a binary type.
    static func sniff(_ data: Data) -> String {
        let head = data.prefix(1024)
        if head.starts(with: Array("%PDF".utf8)) { return "application/pdf" }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "image/png" }
        if head.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if head.starts(with: Array("GIF8".utf8)) { return "image/gif" }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "application/zip" }
        let text = String(decoding: head, as: UTF8.self).lowercased()
        if text.contains("<!doctype html") || text.contains("<html") || text.contains("<head") || text.contains("<body") { return "html" }
        if head.contains(0) { return "application/octet-stream" }
        return "text"
    }

    /// Text in the charset its `Content-Type` or byte-order mark names; else UTF-8 when valid,
    /// else Windows-1252 (which decodes any byte).
    static func decodeText(_ data: Data, contentType: String?) -> String {
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { return String(decoding: data.dropFirst(3), as: UTF8.self) }
        if data.starts(with: [0xFF, 0xFE]), let text = String(data: data.dropFirst(2), encoding: .utf16LittleEndian) { return text }
        if data.starts(with: [0xFE, 0xFF]), let text = String(data: data.dropFirst(2), encoding: .utf16BigEndian) { return text }
        let charset = contentType?.split(separator: ";").dropFirst()
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .first { $0.hasPrefix("charset=") }
            .map { String($0.dropFirst("charset=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) }
        let encodings: [String: String.Encoding] = [
            "utf-8": .utf8, "utf8": .utf8, "us-ascii": .utf8, "ascii": .utf8, "iso-8859-1": .isoLatin1, "latin1": .isoLatin1,
            "iso-8859-15": .isoLatin1, "windows-1252": .windowsCP1252, "cp1252": .windowsCP1252, "utf-16": .utf16,
            "utf-16le": .utf16LittleEndian, "utf-16be": .utf16BigEndian,
        ]
        if let charset, let encoding = encodings[charset], let text = String(data: data, encoding: encoding) { return text }
        if let text = String(data: data, encoding: .utf8) { return text }
        return String(data: data, encoding: .windowsCP1252) ?? String(decoding: data, as: UTF8.self)
    }
}
