import ArgumentParser
import Foundation
import Models
import Storage

/// `folio list`: saved articles, newest first.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List saved articles, newest first.",
        discussion: """
            Each line shows the id (any unique prefix of it works in other commands), the \
            date, * for starred, • for unread, the title and tags; pending articles (URLs not \
            fetched yet) are marked, with the last fetch error and the number of attempts.

            Examples:
              folio list --unread --tag politics
              folio list --since 2025-01-01 --limit 20 --json
            """,
        aliases: ["ls"])

    @Option(name: [.short, .long], help: "Only articles with this tag.")
    var tag: String?

    @Flag(help: "Only unread articles.")
    var unread = false

    @Flag(help: "Only archived articles.")
    var archived = false

    @Flag(help: "Only starred articles.")
    var starred = false

    @Flag(help: "Only pending articles (URLs not fetched yet).")
    var pending = false

    @Option(help: "Only articles saved on or after this date (YYYY-MM-DD).")
    var since: String?

    @Option(name: [.short, .long], help: "At most this many articles.")
    var limit: Int?

    @Flag(help: "Print only the articles' full ids, one per line (for `folio archive -` and friends).")
    var ids = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if unread && archived { throw ValidationError("--unread and --archived exclude each other") }
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
    }

    func run() throws {
        var filter = ArticleFilter()
        filter.tag = tag
        if unread { filter.state = .unread }
        if archived { filter.state = .archived }
        if starred { filter.starred = true }
        if pending { filter.contentStatus = .pending }
        filter.savedSince = try since.map { try parseDate($0, option: "--since") }
        filter.limit = limit
        let store = try Library.open(readOnly: true)
        let articles = try store.articles(matching: filter)
        let shortIDs = try store.shortIDs(articles.map(\.id))
        let attempts = try store.fetchAttempts(for: articles.filter { $0.contentStatus == .pending }.map(\.id))
        if ids {
            FileHandle.standardOutput.write(Data(articles.map { $0.id + "\n" }.joined().utf8))
            return
        }
        if output.json {
            try printJSON(articles.map { ArticleSummary($0, shortID: shortIDs[$0.id] ?? $0.id, fetch: attempts[$0.id]) })
            return
        }
        let terminal = Terminal()
        var text = ""
        for article in articles {
            text += Format.articleLine(article, shortID: shortIDs[article.id] ?? article.id, terminal: terminal) + "\n"
            if let failed = attempts[article.id] {
                let times = failed.attempts == 1 ? "1 attempt" : "\(failed.attempts) attempts"
                text += "    " + terminal.dim("\(times), last \(ISODate.formatDay(failed.lastAttemptAt)): \(failed.lastError)") + "\n"
            }
        }
        FileHandle.standardOutput.write(Data(text.utf8))
        if articles.isEmpty && terminal.stderrIsTTY { printError("no articles") }
    }
}
