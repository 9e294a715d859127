import ArgumentParser
import Foundation
import Models
import Storage
import Sync

/// Markdown files with YAML front matter, one per article.
enum MarkdownExport {
    /// `2025-02-08-nearly-three-years-after-7c1d8a9b0c1d.md`: date, title slug, and the
    /// random last 12 hex digits of the id (its first digits are its creation time, which two
    /// articles saved together share).
    static func fileName(for article: Article, suffix: String = "") -> String {
        let slug = article.title.lowercased().unicodeScalars
            .map { CharacterSet.alphanumerics.contains($0) && $0.isASCII ? String($0) : "-" }
            .joined()
            .split(separator: "-").prefix(8).joined(separator: "-")
        let tail = article.id.replacingOccurrences(of: "-", with: "").suffix(12)
        return "\(ISODate.formatDay(article.publishedAt ?? article.savedAt))-\(slug.isEmpty ? "article" : slug)-\(tail)\(suffix).md"
    }

    /// The article's file name, made unique among `taken` with a counter when needed (two ids
    /// could still end alike), and added to it; names are compared as a case-insensitive file
    /// system would.
    static func uniqueFileName(for article: Article, taken: inout Set<String>) -> String {
        var name = fileName(for: article)
        var counter = 1
        while taken.contains(name.lowercased()) || name == standaloneFileName {
            counter += 1
            name = fileName(for: article, suffix: "-\(counter)")
        }
        taken.insert(name.lowercased())
        return name
    }

    /// A YAML string: always double-quoted, with escapes.
    static func yaml(_ text: String) -> String {
        "\""
            + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    static func document(_ article: Article, notes: [Note]) -> String {
        var lines = ["---", "id: \(yaml(article.id))", "title: \(yaml(article.title))"]
        if let url = article.url { lines.append("url: \(yaml(url))") }
        if let byline = article.byline { lines.append("byline: \(yaml(byline))") }
        if let site = article.site { lines.append("site: \(yaml(site))") }
        if let published = article.publishedAt { lines.append("published: \(ISODate.formatDay(published))") }
        lines.append("saved: \(ISODate.format(article.savedAt))")
        lines.append("tags: [\(article.tags.map(yaml).joined(separator: ", "))]")
        lines.append("state: \(article.state.rawValue)")
        lines.append("starred: \(article.starred)")
        lines.append("progress: \(article.progress)")
        if article.isTrashed { lines.append("trashed: true") }
        lines.append("---")
        // The heading is one line (a title may hold line breaks; the front matter keeps them).
        var text = lines.joined(separator: "\n") + "\n\n# \(DisplayWidth.oneLine(article.title))\n\n" + article.content
        if !notes.isEmpty {
            text += (article.content.hasSuffix("\n") ? "\n" : "\n\n") + "## Notes\n"
            for note in notes { text += "\n" + noteText(note) }
        }
        return text
    }

    static let standaloneFileName = "standalone-notes.md"

    /// The notes that belong to no article, oldest first, each under its date and tags.
    static func standaloneDocument(_ notes: [Note]) -> String {
        var text = "# Standalone notes\n"
        for note in notes {
            text += "\n## \(ISODate.formatDay(note.createdAt))" + note.tags.map { " #" + $0 }.joined() + "\n\n" + noteText(note)
        }
        return text
    }

    /// A note's quote and text, and the other sides of a conflict, so that nothing of it is
    /// left out of the export.
    static func noteText(_ note: Note) -> String {
        var text = ""
        if let quote = note.quote { text += "> " + quote.replacingOccurrences(of: "\n", with: "\n> ") + "\n\n" }
        text += note.body + "\n"
        for conflict in note.conflicts {
            text += "\n*Another version, from edits that overlapped (`folio note resolve \(note.id.prefix(8))`):*\n\n" + conflict.body + "\n"
        }
        return text
    }
}
