import ArgumentParser
import Foundation
import Import
import Models
import Storage
import Sync

extension ImportFormat: ExpressibleByArgument {}

/// `folio import`: bring a library in from Folio's own export or another tool's.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a library: a Folio export, or another tool's (Pocket, Instapaper, Omnivore, bookmarks…).",
        discussion: """
            The format is found from each file's content (`--list-formats` names them); \
            --from forces one. Articles are matched by normalized URL, against the library and \
            within the files: a duplicate merges (tags united, the earlier saved date, archived \
            or starred if either says so, notes added once), so importing a file twice changes \
            nothing. Highlights become notes with their quotes; wallabag and Omnivore articles \
            arrive with their text, the others are saved pending (`folio fetch` gets them).

            One import is one transaction: a file that cannot be read (a truncated zip, a CSV \
            without a URL column, bytes that are not UTF-8) changes nothing and exits 65. Rows \
            that cannot be articles (javascript:, mailto:, place: links, no URL, over 20 MB) \
            are skipped and counted.

            Examples:
              folio import pocket.zip
              folio import --dry-run bookmarks.html
              folio import --from instapaper --tag from-instapaper export.csv
              ssh laptop folio export | folio import -
            """)

    @Argument(help: "The export files, or - for standard input.")
    var files: [String] = []

    @Option(help: "Read the files as this format instead of finding it from their content.")
    var from: ImportFormat?

    @Flag(help: "Name the formats folio imports, and exit.")
    var listFormats = false

    @Flag(help: "Print what would be imported, and change nothing.")
    var dryRun = false

    @Option(name: .customLong("tag"), help: "Add this tag to everything imported (repeatable).")
    var tags: [String] = []

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if !listFormats && files.isEmpty { throw ValidationError("name the files to import (or - for standard input)") }
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be read once") }
        for tag in tags where Tag.normalize(tag) == nil { throw ValidationError("--tag needs a name") }
    }

    func run() throws {
        if listFormats { return try printFormats() }
        // The files and what was read from them are let go once the plan is made: a large
        // import holds one copy of its rows, not three.
        let (plan, summaryRead, libraries) = try readFiles()
        var summary = summaryRead
        let store = try Library.open()
        if !plan.isEmpty {
            let total = plan.items.count
            let showProgress = Terminal().stderrIsTTY && total >= 5000
            let outcome = try store.importEntries(plan.entries, standalone: plan.standalone, rehearse: dryRun) { done in
                if showProgress {
                    FileHandle.standardError.write(Data("\rimporting: \(ImportSummary.number(done))/\(ImportSummary.number(total))".utf8))
                }
            }
            if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            summary.added += outcome.added
            summary.mergedDuplicates += outcome.merged
            summary.notesAdded += outcome.notesAdded
            summary.notesAlreadyPresent += outcome.notesAlreadyPresent
            if !dryRun && outcome.added >= 1000 { try store.optimizeSearchIndex() }
        }
        for (name, library) in libraries {
            try importFolio(library, name: name, into: store, summary: &summary)
        }
        report(summary)
    }

    /// Reads every file: Folio exports as they are, the others into one batch and its plan.
    private func readFiles() throws -> (ImportPlan, ImportSummary, [(name: String, library: LibraryExport)]) {
        var summary = ImportSummary(dryRun: dryRun)
        var others: [(name: String, data: Data)] = []
        var libraries: [(name: String, library: LibraryExport)] = []
        for file in files {
            let input = try readInput(file, limit: Int.max)
            let format = try Importer.format(of: input.data, file: input.name, forced: from)
            summary.formats[input.name] = format.rawValue
            if format == .folio {
                libraries.append((input.name, try LibraryExport.decode(input.data, source: input.name)))
            } else {
                others.append((name: input.name, data: input.data))
            }
        }
        if Terminal().stderrIsTTY && others.contains(where: { $0.data.count > 1_000_000 }) {
            printError("folio: reading \(others.count == 1 ? others[0].name : "\(others.count) files")…")
        }
        let batch = try Importer.read(others, format: from)
        summary.mergedDuplicates = batch.mergedDuplicates
        summary.highlightsAsNotes = batch.highlightCount
        summary.skipped = batch.skipped.map {
            ImportSummary.Skipped(file: $0.location.file, row: $0.location.row, reason: $0.reason.rawValue, url: $0.detail)
        }
        let plan = ImportPlan(batch, now: Date(), extraTags: tags)
        summary.withoutDate = plan.withoutDate
        return (plan, summary, libraries)
    }

    /// A Folio export: its articles and notes with their own ids, those already here skipped.
    private func importFolio(_ library: LibraryExport, name: String, into store: Store, summary: inout ImportSummary) throws {
        var articles = library.articles
        let limit = ArticleDraft.sizeLimit
        articles.removeAll { article in
            guard article.content.utf8.count > limit else { return false }
            summary.skipped.append(.init(file: name, row: 0, reason: ImportSkip.Reason.tooLarge.rawValue, url: article.url ?? article.title))
            return true
        }
        if dryRun {
            let existing = try articles.filter { try store.articleExists(id: $0.id) }.count
            summary.added += articles.count - existing
            summary.mergedDuplicates += existing
            return
        }
        let before = try store.status()
        var added = 0
        var index = 0
        let batchSize = 1000
        repeat {
            let batch = Array(articles[index..<min(index + batchSize, articles.count)])
            let lastBatch = index + batchSize >= articles.count
            added += try store.addBatch(batch, notes: lastBatch ? library.notes : [])
            index += batchSize
        } while index < articles.count
        if added >= batchSize { try store.optimizeSearchIndex() }
        let after = try store.status()
        let notesAdded = (after.notes + after.trashedNotes) - (before.notes + before.trashedNotes)
        summary.added += added
        summary.mergedDuplicates += articles.count - added
        summary.notesAdded += notesAdded
        summary.notesAlreadyPresent += library.notes.count - notesAdded
    }

    private func report(_ summary: ImportSummary) {
        if output.json {
            try? printJSON(summary)
            return
        }
        for skip in summary.skipped.prefix(10) {
            printError("folio: skipped \(skip.file), row \(skip.row): \(skip.reason)\(skip.url.isEmpty ? "" : " (\(skip.url))")")
        }
        if summary.skipped.count > 10 { printError("folio: … and \(summary.skipped.count - 10) more skipped rows (--json lists them all)") }
        output.say((dryRun ? "Would import: " : "Imported: ") + summary.line + (dryRun ? " (nothing changed: --dry-run)" : ""))
    }

    private func printFormats() throws {
        if output.json {
            try printJSON(ImportFormat.allCases.map { ["name": $0.rawValue, "reads": $0.summary] })
        } else {
            let width = ImportFormat.allCases.map(\.rawValue.count).max() ?? 0
            for format in ImportFormat.allCases {
                printOut(format.rawValue.padding(toLength: width + 2, withPad: " ", startingAt: 0) + format.summary)
            }
        }
    }
}
