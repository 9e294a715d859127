import Foundation
import Models

/// Articles as files other tools read: a Netscape bookmarks file (browsers, linkding, Karakeep,
/// Readeck import it) and RFC 4180 CSV. Pure: articles and notes in, text out.
enum BookmarkExport {
    /// The CSV header, in this order.
    static let csvHeader = ["url", "title", "byline", "site", "published", "saved", "tags", "state", "starred", "progress"]

    /// One CSV file: a header row, then a row per article; CRLF line ends, fields quoted when
    /// they hold a comma, a quote or a line break (RFC 4180). Tags are one field, joined by
    /// commas; dates are ISO-8601.
    static func csv(_ articles: [Article]) -> String {
        var lines = [csvHeader.joined(separator: ",")]
        for article in articles {
            let fields = [
                article.url ?? "", article.title, article.byline ?? "", article.site ?? "",
                article.publishedAt.map(ISODate.format) ?? "", ISODate.format(article.savedAt), article.tags.joined(separator: ","),
                article.state.rawValue, article.starred ? "true" : "false", String(article.progress),
            ]
            lines.append(fields.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A CSV field, quoted when it must be.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A Netscape bookmarks file of the articles that have a URL: `ADD_DATE` (saved) and
    /// `LAST_MODIFIED` in epoch seconds, `TAGS`, `TOREAD="1"` for unread articles, and the
    /// article's notes (quote and text) in `<DD>`.
    static func netscape(_ articles: [Article], notes: [String: [Note]]) -> String {
        var text = """
            <!DOCTYPE NETSCAPE-Bookmark-file-1>
            <!-- This is an automatically generated file. It will be read and overwritten. DO NOT EDIT! -->
            <META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
            <TITLE>Bookmarks</TITLE>
            <H1>Bookmarks</H1>
            <DL><p>

            """
        for article in articles {
            guard let url = article.url else { continue }
            var attributes = [
                "HREF=\"\(escape(url))\"", "ADD_DATE=\"\(seconds(article.savedAt))\"", "LAST_MODIFIED=\"\(seconds(article.updatedAt))\"",
            ]
            if !article.tags.isEmpty { attributes.append("TAGS=\"\(escape(article.tags.joined(separator: ",")))\"") }
            if article.state == .unread { attributes.append("TOREAD=\"1\"") }
            text += "    <DT><A \(attributes.joined(separator: " "))>\(escape(DisplayWidth.oneLine(article.title)))</A>\n"
            let written = (notes[article.id] ?? []).map { note in
                (note.quote.map { "> " + $0.replacingOccurrences(of: "\n", with: "\n> ") + "\n" } ?? "") + note.body
            }
            if !written.isEmpty { text += "    <DD>" + escape(written.joined(separator: "\n\n")) + "\n" }
        }
        return text + "</DL><p>\n"
    }

    /// Text as HTML: `&`, `<`, `>` and `"` escaped.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func seconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970).rounded(.down))
    }
}
