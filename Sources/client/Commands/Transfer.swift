import ArgumentParser
import Foundation
import Models
import Storage
import Sync

/// `folio export`: the whole library as JSON or Markdown.
struct Export: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, jsonl, markdown
    }

    static let configuration = CommandConfiguration(
        abstract: "Export every article and note as JSON, JSON lines, or Markdown files.",
        discussion: """
            json and jsonl keep every field and can be read back by `folio import`. markdown \
            writes one file per article, with YAML front matter and its notes, into --output, \
            and the notes on no article into standalone-notes.md there.

            Examples:
              folio export --format json > library.json
              folio export --format jsonl --output library.jsonl
              folio export --format markdown --output ~/notes/folio
            """)

    @Option(help: "json (one document), jsonl (one item a line) or markdown.")
    var format: Format = .json

    @Option(help: "Output file (json, jsonl; default standard output) or folder (markdown).")
    var output: String?

    func validate() throws {
        if format == .markdown && output == nil { throw ValidationError("--format markdown needs --output FOLDER") }
    }

    func run() throws {
        let store = try Library.open(readOnly: true)
        switch format {
        case .json:
            var articles: [Article] = []
            try store.forEachArticle { articles.append($0) }
            let document = LibraryExport(articles: articles, notes: try store.allNotes())
            var data = try FolioJSON.encoder(pretty: true).encode(document)
            data.append(0x0A)
            try write(data)
        case .jsonl:
            let encoder = FolioJSON.encoder()
            var data = try encoder.encode(
                LibraryExport.Line.header(format: LibraryExport.formatName, version: LibraryExport.currentVersion, exportedAt: Date()))
            data.append(0x0A)
            try store.forEachArticle { article in
                data.append(try encoder.encode(LibraryExport.Line.article(article)))
                data.append(0x0A)
            }
            for note in try store.allNotes() {
                data.append(try encoder.encode(LibraryExport.Line.note(note)))
                data.append(0x0A)
            }
            try write(data)
        case .markdown:
            try exportMarkdown(store)
        }
    }

    private func write(_ data: Data) throws {
        guard let output, output != "-" else {
            FileHandle.standardOutput.write(data)
            return
        }
        do {
            try data.write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CLIError.configuration("cannot write \(output): \(error.localizedDescription)")
        }
        printError("exported to \(output)")
    }

    private func exportMarkdown(_ store: Store) throws {
        guard let output else { return }
        let folder = URL(fileURLWithPath: output, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw CLIError.configuration("cannot create the folder \(output): \(error.localizedDescription)")
        }
        let notes = try store.allNotes()
        let notesByArticle = Dictionary(grouping: notes.filter { $0.articleID != nil }, by: { $0.articleID ?? "" })
        // Notes on no article go to one file of their own.
        let standalone = notes.filter { $0.articleID == nil }
        if !standalone.isEmpty {
            let file = folder.appendingPathComponent(MarkdownExport.standaloneFileName)
            do {
                try Data(MarkdownExport.standaloneDocument(standalone).utf8).write(to: file, options: .atomic)
            } catch {
                throw CLIError.configuration("cannot write \(file.path): \(error.localizedDescription)")
            }
        }
        var count = 0
        var names = Set<String>()
        try store.forEachArticle { article in
            let name = MarkdownExport.uniqueFileName(for: article, taken: &names)
            let text = MarkdownExport.document(article, notes: notesByArticle[article.id] ?? [])
            do {
                try Data(text.utf8).write(to: folder.appendingPathComponent(name), options: .atomic)
            } catch {
                throw CLIError.configuration("cannot write \(folder.appendingPathComponent(name).path): \(error.localizedDescription)")
            }
            count += 1
        }
        printError(
            "exported \(count) articles to \(output)"
                + (standalone.isEmpty ? "" : ", and \(standalone.count) standalone notes to \(MarkdownExport.standaloneFileName)"))
    }
}

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
        var text = lines.joined(separator: "\n") + "\n\n# \(article.title)\n\n" + article.content
        if !notes.isEmpty {
            text += "\n## Notes\n"
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

/// `folio import`: read back a Folio JSON export.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a Folio JSON export (json or jsonl).",
        discussion: """
            Items whose ids are already in the library are skipped, so importing twice adds \
            nothing.

            Examples:
              folio import library.json
              ssh laptop folio export | folio import -
            """)

    @Argument(help: "The export file, or - for standard input.")
    var file: String

    @OptionGroup var output: OutputOptions

    func run() throws {
        let input = try readInput(file, limit: Int.max)
        let library = try LibraryExport.decode(input.data, source: input.name)
        let store = try Library.open()
        let before = try store.status()
        var added = 0
        let batchSize = 1000
        var index = 0
        let showProgress = Terminal().stderrIsTTY && library.articles.count > batchSize
        repeat {
            let batch = Array(library.articles[index..<min(index + batchSize, library.articles.count)])
            let lastBatch = index + batchSize >= library.articles.count
            added += try store.addBatch(batch, notes: lastBatch ? library.notes : [])
            index += batchSize
            if showProgress {
                FileHandle.standardError.write(Data("\rimporting: \(min(index, library.articles.count))/\(library.articles.count)".utf8))
            }
        } while index < library.articles.count
        if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
        if added >= batchSize { try store.optimizeSearchIndex() }
        let after = try store.status()
        let notesAdded = (after.notes + after.trashedNotes) - (before.notes + before.trashedNotes)
        let summary = ImportSummary(
            articlesAdded: added, articlesSkipped: library.articles.count - added,
            notesAdded: notesAdded, notesSkipped: library.notes.count - notesAdded)
        if output.json {
            try printJSON(summary)
        } else {
            output.say(
                "Imported \(summary.articlesAdded) articles and \(summary.notesAdded) notes (\(summary.articlesSkipped + summary.notesSkipped) already present)"
            )
        }
    }
}

/// What `folio import --json` prints.
struct ImportSummary: Encodable {
    var articlesAdded: Int
    var articlesSkipped: Int
    var notesAdded: Int
    var notesSkipped: Int
}

/// What `folio status --json` prints: the library's counts and the sync server.
struct StatusOutput: Encodable {
    var library: StoreStatus
    var server: String?

    func encode(to encoder: Encoder) throws {
        try library.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encodeIfPresent(server, forKey: .server)
    }

    enum Keys: String, CodingKey { case server }
}

/// `folio status`: what is in the library.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show counts, the store's path and size, and unsynced changes.",
        discussion: "Example:\n  folio status --json")

    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try Library.open(readOnly: true)
        let status = try store.status()
        let server = try? SyncConfiguration.load().server
        if output.json {
            try printJSON(StatusOutput(library: status, server: server))
            return
        }
        let sync = server.map { "\($0) (last sync: \(status.lastSyncAt.map(ISODate.format) ?? "never"))" } ?? "not logged in (`folio login`)"
        printOut(
            """
            Articles:  \(status.articles) (\(status.unread) unread, \(status.archived) archived, \(status.starred) starred, \(status.pending) pending)
            Notes:     \(status.notes)\(status.conflictedNotes > 0 ? " (\(status.conflictedNotes) in conflict: `folio note list --conflicts`, then `folio note resolve ID`)" : "")
            Trash:     \(status.trashedArticles) articles, \(status.trashedNotes) notes
            Unsynced:  \(status.unsyncedChanges) changes\(status.rejectedChanges > 0 ? " (\(status.rejectedChanges) refused by the server, set aside)" : "")
            Server:    \(sync)
            Store:     \(status.path) (\(ByteCountFormatter.string(fromByteCount: status.sizeBytes, countStyle: .file)))
            """)
        if let line = SyncCommand.newerFormatWarning(unreadableItems: status.unreadableItems) { printOut(line) }
    }
}
