import ArgumentParser
import Foundation

/// The `folio` command: an offline-first article store with notes and search.
@main
struct Folio: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "folio",
        abstract: "Save articles, write notes on them, and find them again, offline.",
        discussion: """
            The library lives in $FOLIO_HOME when set, else in $XDG_DATA_HOME/folio \
            (~/.local/share/folio). Every command that prints data takes --json.

            Examples:
              folio add article.txt --tag politics
              folio add https://example.com/story
              folio search 'putin -trump tag:politics'
              folio note add 0193a4b2 --quote "Echoes of Helsinki" "Compare with 2018"
            """,
        version: "0.1.0",
        subcommands: [
            Add.self, List.self, Show.self, Edit.self, TagCommand.self,
            Archive.self, Unarchive.self, Star.self, Unstar.self, Progress.self,
            Remove.self, Trash.self, Restore.self, Purge.self,
            NoteCommand.self, Search.self, Export.self, Import.self, Status.self,
            Fetch.self, Extract.self, Login.self, Logout.self, SyncCommand.self,
        ]
    )

    /// Parses, runs, and maps every error to one line on stderr and an exit code.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            guard let report = ErrorReport.describe(error) else {
                // The argument parser's own errors: help, usage mistakes, clean exits.
                exit(withError: error)
            }
            printError("folio: \(report.message)")
            Foundation.exit(report.code.rawValue)
        }
    }
}
