import ArgumentParser
import Foundation
import Models
import Storage
import Sync

/// `folio export`: the whole library as JSON or Markdown.
struct Export: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, jsonl, markdown, netscape, csv
    }

    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export every article and note as JSON, JSON lines, Markdown files, bookmarks or CSV.",
        discussion: """
            json and jsonl keep every field and can be read back by `folio import`. markdown \
            writes one file per article, with YAML front matter and its notes, into --output, \
            and the notes on no article into standalone-notes.md there. netscape writes a \
            bookmarks file that browsers and other read-later tools import (tags, dates, \
            unread as TOREAD, notes as descriptions); csv one row per article (url, title, \
            byline, site, published, saved, tags, state, starred, progress). Both leave out \
            the trash, and netscape the articles without a URL, and say how many.

            Examples:
              folio export --format json > library.json
              folio export --format jsonl --output library.jsonl
              folio export --format markdown --output ~/notes/folio
              folio export --format netscape --output bookmarks.html
            """)

    @Option(help: "json (one document), jsonl (one item a line), markdown, netscape (bookmarks) or csv.")
    var format: Format = .json

    @Option(help: "Output file (json, jsonl, netscape, csv; default standard output) or folder (markdown).")
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
        case .netscape, .csv:
            var articles: [Article] = []
            var trashed = 0
            try store.forEachArticle { article in
                if article.isTrashed { trashed += 1 } else { articles.append(article) }
            }
            let text: String
            var leftOut = trashed > 0 ? ["\(trashed) in the trash"] : []
            if format == .csv {
                text = BookmarkExport.csv(articles)
            } else {
                let notes = Dictionary(grouping: try store.allNotes().filter { $0.articleID != nil && !$0.isTrashed }) { $0.articleID ?? "" }
                let all = articles.count
                articles.removeAll { $0.url == nil }
                if articles.count < all { leftOut.append("\(all - articles.count) without a URL") }
                text = BookmarkExport.netscape(articles, notes: notes)
            }
            let what = counted(articles.count, "article") + (leftOut.isEmpty ? "" : " (left out: " + leftOut.joined(separator: " and ") + ")")
            try write(Data(text.utf8), what: what)
        }
    }

    /// Writes the export to --output (else standard output) and says on stderr what it wrote
    /// (`what`: what was exported, when the format leaves things out).
    private func write(_ data: Data, what: String? = nil) throws {
        guard let output, output != "-" else {
            data.withUnsafeBytes { DescriptorWriter.write($0, to: STDOUT_FILENO) }
            if let what { printError("exported \(what)") }
            return
        }
        do {
            try data.write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw CLIError.configuration("cannot write \(output): \(error.localizedDescription)")
        }
        printError("exported \(what.map { $0 + " " } ?? "")to \(output)")
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
