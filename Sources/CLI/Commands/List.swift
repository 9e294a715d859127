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
            Each line shows the short id (other commands take it, or any unique prefix of the \
            full id), the date saved (published with --sort published), * for starred, • for \
            unread, the title, and marks and tags; pending articles (URLs not fetched yet) show \
            their last fetch error and attempts, and --failed lists those `folio fetch` gave up \
            on (dead links: 404, 410, no such host, 3 times in a row) with the reason. On a \
            terminal, lines are cut to its width and the list to its height, with a last line \
            saying how many more there are.

            Examples:
              folio list --unread -t politics
              folio list --sort published --since 2025-01-01 -n 20 --json
              folio list --offset 40 -n 20
              folio list --failed --json
            """,
        aliases: ["ls"])

    @Option(name: [.short, .long], help: "Only articles with this tag.", completion: Completions.tags)
    var tag: String?

    @Flag(help: "Only unread articles.")
    var unread = false

    @Flag(help: "Only archived articles.")
    var archived = false

    @Flag(help: "Only starred articles.")
    var starred = false

    @Flag(help: "Only pending articles (URLs not fetched yet).")
    var pending = false

    @Flag(help: "Only pending articles that `folio fetch` gave up on (dead links), with the reason.")
    var failed = false

    @Option(help: "The order, and the date shown: saved (newest first), published (newest first) or title.")
    var sort: ArticleFilter.Order = .saved

    @Option(help: "Only articles with the date shown (saved, or published with --sort published) on or after this day (YYYY-MM-DD).")
    var since: String?

    @Option(name: [.customShort("n"), .long], help: "At most this many articles (default on a terminal: what fits on the screen; else all).")
    var limit: Int?

    @Option(help: "Skip this many articles first.")
    var offset: Int?

    @Flag(help: "Print only the articles' full ids, one per line (for `folio archive -` and friends).")
    var ids = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if unread && archived { throw ValidationError("--unread and --archived exclude each other") }
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
        if let offset, offset < 0 { throw ValidationError("--offset must be 0 or more") }
    }

    func run() throws {
        var filter = ArticleFilter()
        filter.tag = tag
        if unread { filter.state = .unread }
        if archived { filter.state = .archived }
        if starred { filter.starred = true }
        if pending || failed { filter.contentStatus = .pending }
        if failed { filter.fetchFailed = true }
        let sinceDate = try since.map { try parseDate($0, option: "--since") }
        if sort == .published { filter.publishedSince = sinceDate } else { filter.savedSince = sinceDate }
        filter.order = sort
        filter.offset = offset
        let terminal = Terminal()
        // On a terminal, a screenful by default (the last line says how many more).
        let screenful = limit == nil && !ids && !output.json && terminal.stdoutIsTTY
        filter.limit = limit ?? (screenful ? max(5, terminal.height - 2) : nil)
        let store = try Library.open(readOnly: true)
        let articles = try store.articles(matching: filter)
        if ids {
            DescriptorWriter.write(articles.map { $0.id + "\n" }.joined(), to: STDOUT_FILENO)
            return
        }
        let shortIDs = try store.shortIDs(articles.map(\.id))
        let attempts = try store.fetchAttempts(for: articles.filter { $0.contentStatus == .pending }.map(\.id))
        if output.json {
            try printJSON(articles.map { ArticleSummary($0, shortID: shortIDs[$0.id] ?? $0.id, fetch: attempts[$0.id]) })
            return
        }
        let width = terminal.stdoutIsTTY ? terminal.width : nil
        let idWidth = shortIDs.values.map(DisplayWidth.of).max() ?? 4
        var text = ""
        for article in articles {
            let date = sort == .published ? article.publishedAt ?? article.savedAt : article.savedAt
            text +=
                Format.articleLine(
                    article, shortID: shortIDs[article.id] ?? article.id, idWidth: idWidth, date: date, width: width,
                    terminal: terminal) + "\n"
            if let failed = attempts[article.id] {
                let times = failed.attempts == 1 ? "1 attempt" : "\(failed.attempts) attempts"
                let state = failed.isFailed ? "failed (dead link, not fetched again without --retry-failed), " : ""
                var detail = "\(state)\(times), last \(ISODate.formatDay(failed.lastAttemptAt)): \(DisplayWidth.oneLine(failed.lastError))"
                if let width { detail = DisplayWidth.truncate(detail, to: width - 4) }
                text += "    " + terminal.dim(detail) + "\n"
            }
        }
        if terminal.stdoutIsTTY {
            let total = try store.countArticles(matching: filter)
            let shown = (offset ?? 0) + articles.count
            let order =
                switch sort {
                case .saved: "newest saved first"
                case .published: "newest published first"
                case .title: "by title, dates saved"
                }
            var footer = articles.isEmpty ? "no articles" : "\(articles.count) of \(total) articles, \(order)"
            if shown < total {
                footer += "; \(total - shown) more: folio list --offset \(shown)"
            }
            text += terminal.dim(width.map { DisplayWidth.truncate(footer, to: $0) } ?? footer) + "\n"
        } else if articles.isEmpty && terminal.stderrIsTTY {
            printError("no articles")
        }
        DescriptorWriter.write(text, to: STDOUT_FILENO)
    }
}

extension ArticleFilter.Order: ExpressibleByArgument {}
