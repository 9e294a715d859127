import Extraction
import Foundation
import Models

/// Turns pages and files into articles: HTML through the readable-article extractor
/// (`Extraction`), plain text and Markdown as they are.
package enum PageReader {
    /// Reads a fetched page. PDFs, images, audio, video and archives are refused (they are not
    /// articles; save a link to them as a note instead).
    package static func read(_ page: FetchedPage) throws(FetchError) -> ArticleDraft {
        guard !page.body.isEmpty else { throw .unreadable(url: page.url, reason: "the page is empty") }
        let mediaType = page.mediaType ?? sniff(page.body)
        switch mediaType {
        case "text/html", "application/xhtml+xml", "html":
            do {
                return try Extractor.extract(html: page.body, url: URL(string: page.url), contentType: page.contentType)
            } catch .noReadableContent(let characters) {
                throw .noMainText(url: page.url, reason: ExtractionError.noReadableContent(characters: characters).description)
            } catch {
                throw .unreadable(url: page.url, reason: error.description)
            }
        case "text/plain", "text/markdown", "text/x-markdown", "text":
            let text = decodeText(page.body, contentType: page.contentType)
            let markdown = mediaType != "text/plain" || page.url.lowercased().hasSuffix(".md")
            let document = DocumentReader.parse(text, format: markdown ? .markdown : .text)
            guard !document.markdown.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw .unreadable(url: page.url, reason: "the page is empty")
            }
            return document
        default:
            throw .unsupported(url: page.url, mediaType: mediaType)
        }
    }

    /// Reads a saved file (or standard input): an HTML page through the extractor, with `url`
    /// for its links; text and Markdown as `DocumentReader` reads them.
    package static func read(_ data: Data, source: String, fileName: String?, url: String?) throws(DocumentReadError) -> ArticleDraft {
        guard data.count <= ArticleDraft.sizeLimit else {
            throw .document(.tooLarge(source: source, bytes: data.count, limit: ArticleDraft.sizeLimit))
        }
        if isHTML(data, fileName: fileName) {
            do {
                return try Extractor.extract(html: data, url: url.flatMap(URL.init(string:)))
            } catch .empty {
                throw .document(.empty(source: source))
            } catch {
                throw .extraction(source: source, error)
            }
        }
        do {
            return try DocumentReader.read(data, source: source, fileName: fileName)
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

    /// Text in its charset, decided as for HTML pages (`Extraction.Charset`, the browsers' rule:
    /// a byte-order mark, the `Content-Type` charset, ISO-8859-1 and US-ASCII read as
    /// Windows-1252); for a charset only libxml2 could convert, UTF-8 when valid, else
    /// Windows-1252 (which decodes any byte).
    static func decodeText(_ data: Data, contentType: String?) -> String {
        let bytes = [UInt8](data)
        let (charset, bomLength) = Charset.detect(bytes, contentType: contentType)
        if let text = charset.decode(bytes[bomLength...]) { return text }
        return (Charset.isValidUTF8(bytes) ? Charset.utf8 : Charset.windows1252).decode(bytes[...]) ?? ""
    }
}
