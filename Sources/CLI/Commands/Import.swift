import ArgumentParser
import Foundation
import Import
import LibraryImport
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
        let importer = LibraryImporter(forced: from, extraTags: tags, dryRun: dryRun)
        // The files are let go once the plan is made: a large import holds one copy of its
        // rows, not three.
        let prepared = try importer.prepare(
            files.map { file in
                let input = try readInput(file, limit: Int.max)
                return (name: input.name, data: input.data)
            }
        ) { what in
            if Terminal().stderrIsTTY { printError("folio: reading \(what)…") }
        }
        let store = try Library.open()
        let showProgress = Terminal().stderrIsTTY && prepared.plan.items.count >= 5000
        let summary = try importer.apply(prepared, to: store) { done, total in
            if showProgress {
                DescriptorWriter.write("\rimporting: \(ImportSummary.number(done))/\(ImportSummary.number(total))", to: STDERR_FILENO)
            }
        }
        if showProgress { DescriptorWriter.write("\r\u{1B}[K", to: STDERR_FILENO) }
        report(summary)
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
