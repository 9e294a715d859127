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
            Fetches every pending article, or the ones named, several at once (--jobs, at \
            most 2 from one host), storing each as it comes. An article whose fetch fails \
            stays pending, with the error and the number of attempts (`folio list --pending`), \
            and is tried again by the next `folio fetch`.

            Dead links are not tried for ever: after 3 in a row (404 not found, 410 gone, or a \
            host name that does not exist), folio gives up on the article and marks it failed \
            on this device, with the reason (`folio list --failed`). `folio fetch` then skips \
            it and says how many it skipped; --retry-failed tries failed articles again. \
            Passing failures (offline, timeouts, server errors, 429) never mark an article \
            failed.

            On a terminal, a progress line on stderr shows what is fetched, failed and left. \
            Ctrl-C stops the run: what was fetched is kept, and `folio fetch` goes on with \
            the rest (exit 130).

            Exits 0 when everything tried was fetched (failed articles skipped do not count), \
            75 when only passing failures are left, 69 otherwise (an article given up on in \
            this run included).

            Examples:
              folio fetch
              folio fetch --jobs 4
              folio fetch --retry-failed
              folio fetch 01a2 --json
            """)

    @Argument(
        help: "Articles to fetch (short ids or unique prefixes of full ids; default: every pending article).", completion: Completions.articleIDs)
    var ids: [String] = []

    @Option(help: "Seconds each fetch may take.")
    var timeout = 30

    @Option(help: "Pages fetched at once (at most 2 from one host).")
    var jobs = 8

    @Flag(help: "Also try the articles given up on as dead links (`folio list --failed`).")
    var retryFailed = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if timeout < 1 { throw ValidationError("--timeout must be at least 1 second") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() async throws {
        let store = try Library.open()
        let resolved = try ids.map { try store.resolveArticleID($0) }
        let scope = resolved.isEmpty ? nil : resolved
        let candidates = try store.pendingArticles(ids: scope, includingFailed: true)
        let pending = retryFailed ? candidates : try store.pendingArticles(ids: scope)
        let pendingIDs = Set(pending.map(\.id))
        let skipped = candidates.filter { !pendingIDs.contains($0.id) }
        let candidateIDs = Set(candidates.map(\.id))
        for id in resolved where !pendingIDs.contains(id) {
            let shortID = try store.shortIDs([id])[id] ?? id
            if candidateIDs.contains(id) {
                printError(
                    "folio: \(shortID) was given up on as a dead link (`folio list --failed`); `folio fetch --retry-failed \(shortID)` tries it again"
                )
            } else {
                printError("folio: \(shortID) is not pending; nothing to fetch")
            }
        }
        let fetcher = PendingFetcher(store: store, timeout: timeout, jobs: jobs)
        let showsProgress = Terminal().stderrIsTTY && pending.count > 1
        var summary = try await Interruption.run { try await fetcher.run(pending, progress: showsProgress) }
        summary.skippedFailed = skipped.count
        let shortIDs = try store.shortIDs(pending.map(\.id))
        if output.json {
            try printJSON(summary)
        } else {
            let gaveUp = Set(summary.gaveUp)
            for article in pending {
                guard let reason = summary.failed[article.id] else { continue }
                let given = gaveUp.contains(article.id) ? "; given up after \(Store.deadLinkAttemptLimit) dead links in a row" : ""
                printError("folio: \(shortIDs[article.id] ?? article.id): \(reason)\(given)")
            }
            printOut(Self.summaryLine(summary, pending: pending.count))
        }
        if summary.interrupted {
            let left = pending.count - summary.fetched.count - summary.failed.count
            throw CLIError.interrupted(
                "fetch interrupted: the \(summary.fetched.count) articles fetched are kept; `folio fetch` goes on with the \(left) left")
        }
        if !summary.failed.isEmpty {
            var message = "\(summary.failed.count) of \(pending.count) pending articles could not be fetched"
            message += summary.gaveUp.isEmpty ? "; they stay pending" : "; \(summary.gaveUp.count) given up on as dead links (`folio list --failed`)"
            throw CLIError.fetchIncomplete(message, transient: summary.allFailuresTransient)
        }
    }

    /// The line on stdout: what was fetched, what stays pending, what was given up or skipped.
    static func summaryLine(_ summary: FetchSummary, pending: Int) -> String {
        var line = "Fetched \(summary.fetched.count) of \(pending) pending articles"
        if summary.stillPending > 0 { line += "; \(summary.stillPending) still pending" }
        if !summary.gaveUp.isEmpty { line += "; \(summary.gaveUp.count) given up on as dead links (`folio list --failed`)" }
        if summary.skippedFailed > 0 {
            line += "; skipped \(summary.skippedFailed) failed (dead links; `folio fetch --retry-failed` tries them again)"
        }
        return line
    }
}
