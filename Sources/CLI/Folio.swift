import ArgumentParser
import BuildInfo
import Foundation

/// The `folio` command: an offline-first article store with notes and search (the `folio`
/// executable only runs it).
package struct Folio: AsyncParsableCommand {
    package init() {}

    package static let configuration = CommandConfiguration(
        commandName: "folio",
        abstract: "Save articles, write notes on them, and find them again, offline.",
        discussion: """
            The library lives in $FOLIO_HOME when set, else in $XDG_DATA_HOME/folio \
            (~/.local/share/folio). Every command that prints data takes --json (-j); \
            commands that change something take -q to print nothing on success. Short ids are \
            shown by `folio list` and accepted everywhere an id is.

            Shell completions (ids and tags included): \
            folio --generate-completion-script bash|zsh|fish; `make install` installs them \
            with the man page (man folio).

            Examples:
              folio add article.txt --tag politics
              folio add https://example.com/story
              folio search 'putin -trump tag:politics'
              folio note add 0193a4b2 --quote "Echoes of Helsinki" "Compare with 2018"
            """,
        version: "folio \(BuildInfo.description)",
        groupedSubcommands: [
            CommandGroup(name: "Save and read", subcommands: [Add.self, List.self, Show.self, Open.self, Search.self, Edit.self, WebCommand.self]),
            CommandGroup(
                name: "Organize",
                subcommands: [
                    TagCommand.self, TagsCommand.self, Archive.self, Unarchive.self, Star.self, Unstar.self, Progress.self,
                ]),
            CommandGroup(name: "Notes", subcommands: [NoteCommand.self]),
            CommandGroup(name: "Trash", subcommands: [Remove.self, Trash.self, Restore.self, Purge.self]),
            CommandGroup(name: "From the web", subcommands: [Fetch.self, Extract.self]),
            CommandGroup(name: "Move in and out", subcommands: [Import.self, Export.self]),
            CommandGroup(name: "Sync", subcommands: [Login.self, Logout.self, SyncCommand.self, Status.self, Compact.self]),
        ]
    )

    /// Parses, runs, and maps every error to one line on stderr and an exit code.
    ///
    /// On the main actor, so on the main thread that starts the process: parsing and the
    /// synchronous commands (search, list, show, and every other one that only reads or writes
    /// the store) run there, never blocking a thread of Swift's cooperative pool and never
    /// waiting to be scheduled on one. The asynchronous commands (add, fetch, sync, login,
    /// extract) await their work on the pool as before.
    @MainActor
    package static func runAsMain() async {
        do {
            let arguments = Array(CommandLine.arguments.dropFirst())
            // A plain search skips the argument parser's start-up (see `SearchRequest`).
            if let search = SearchRequest(commandLine: arguments) {
                let store = try search.run()
                // The process ends with the store open: its connection is read-only (or, after a
                // migration, a writer with every transaction committed), so closing it would
                // write nothing that matters, and the system closes the file anyway. Releasing
                // it cost GRDB's observers and a dispatch worker thread started only to free
                // the connection's queue.
                withExtendedLifetime(store) { Foundation.exit(EXIT_SUCCESS) }
            }
            if let error = CommandSuggestion.check(arguments, root: Folio.self) { throw error }
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            guard let report = ErrorReport.describe(error) else {
                // The argument parser's own errors: help and --version (exit 0) as it prints
                // them, usage mistakes in Folio's style.
                let code = exitCode(for: error)
                if code == .success { exit(withError: error) }
                printError(CommandSuggestion.restyle(fullMessage(for: error), program: "folio"))
                Foundation.exit(code.rawValue)
            }
            printError("folio: \(report.message)")
            Foundation.exit(report.code.rawValue)
        }
    }
}
