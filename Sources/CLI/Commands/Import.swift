import ArgumentParser
import Foundation
import Models
import Storage
import Sync

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
