import ArgumentParser
import Foundation
import Models
import Storage
import Web

struct Fetch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch pending articles (URLs saved offline) and extract their text.",
        discussion: """
            Fetches every pending article, or the ones named. An article whose fetch fails \
            stays pending, with the error and the number of attempts (`folio list --pending`). \
            Exits 0 when everything was fetched, 75 when only passing failures (offline, \
            timeouts, server errors) are left, 69 otherwise.

            Examples:
              folio fetch
              folio fetch 01a2 --json
            """)

    @Argument(
        help: "Articles to fetch (short ids or unique prefixes of full ids; default: every pending article).", completion: Completions.articleIDs)
    var ids: [String] = []

    @Option(help: "Seconds each fetch may take.")
    var timeout = 30

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if timeout < 1 { throw ValidationError("--timeout must be at least 1 second") }
    }

    func run() async throws {
        let store = try Library.open()
        let resolved = try ids.map { try store.resolveArticleID($0) }
        let pending = try store.pendingArticles(ids: resolved.isEmpty ? nil : resolved)
        for id in resolved where !pending.contains(where: { $0.id == id }) {
            printError("folio: \(try store.shortIDs([id])[id] ?? id) is not pending; nothing to fetch")
        }
        let summary = try await PendingFetcher(store: store, timeout: timeout).run(pending, progress: Terminal().stderrIsTTY && pending.count > 1)
        let shortIDs = try store.shortIDs(pending.map(\.id))
        if output.json {
            try printJSON(summary)
        } else {
            for article in pending {
                if let reason = summary.failed[article.id] { printError("folio: \(shortIDs[article.id] ?? article.id): \(reason)") }
            }
            printOut(
                "Fetched \(summary.fetched.count) of \(pending.count) pending articles"
                    + (summary.failed.isEmpty ? "" : "; \(summary.failed.count) still pending"))
        }
        if !summary.failed.isEmpty {
            throw CLIError.fetchIncomplete(
                "\(summary.failed.count) of \(pending.count) pending articles could not be fetched; they stay pending",
                transient: summary.allFailuresTransient)
        }
    }
}
