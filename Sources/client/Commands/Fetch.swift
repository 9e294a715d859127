import ArgumentParser
import Foundation
import Models
import Storage
import Web

/// What fetching the pending articles did.
struct FetchSummary: Encodable {
    var fetched: [String] = []
    /// Article id → why its fetch failed (it stays pending).
    var failed: [String: String] = [:]
    /// Whether every failure may pass (offline, timeouts, server errors).
    var allFailuresTransient = true
}

/// Fetches pending articles and fills them in; used by `folio fetch` and `folio sync --fetch`.
struct PendingFetcher {
    let store: Store
    let timeout: Int

    /// Fetches `articles` one after the other, with a progress line on a terminal.
    func run(_ articles: [Article], progress: Bool) async throws -> FetchSummary {
        var summary = FetchSummary()
        let fetcher = try PageFetcher(timeout: timeout)
        for (index, article) in articles.enumerated() {
            if progress { FileHandle.standardError.write(Data("\rfetching \(index + 1)/\(articles.count)…".utf8)) }
            guard let url = article.url else { continue }
            let document: ReadableDocument
            do {
                document = try PageReader.read(try await fetcher.fetch(url))
            } catch {
                try store.recordFetchFailure(articleID: article.id, error: error.description)
                summary.failed[article.id] = error.description
                if !error.isTransient { summary.allFailuresTransient = false }
                continue
            }
            try store.completeFetch(
                articleID: article.id,
                with: FetchedContent(
                    title: document.title, byline: document.byline, site: document.site, publishedAt: document.publishedAt,
                    markdown: document.markdown))
            summary.fetched.append(article.id)
        }
        if progress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        return summary
    }
}

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
            throw ExitCode((summary.allFailuresTransient ? ExitCode32.temporaryFailure : ExitCode32.unavailable).rawValue)
        }
    }
}

/// What `folio extract` prints.
struct ExtractOutput: Encodable {
    var url: String?
    var title: String?
    var byline: String?
    var site: String?
    var publishedAt: Date?
    var wordCount: Int
    var text: String
}

struct Extract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Show the article folio would save from a page or file, without saving it.",
        discussion: """
            Prints the title, byline, site, publication date and main text extracted from a \
            URL, an HTML file or standard input (-).

            Examples:
              folio extract https://example.com/story
              folio extract saved-page.html --url https://example.com/story --json
            """)

    @Argument(help: "A URL, an HTML (or text) file, or - for standard input.")
    var source: String

    @Option(help: "The page's URL, for a file or standard input (makes its links absolute).")
    var url: String?

    @Option(help: "Seconds a fetch may take.")
    var timeout = 30

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let document: ReadableDocument
        var pageURL = url
        if URLNormalizer.isWebURL(source) {
            let page = try await PageFetcher(timeout: timeout).fetch(source)
            pageURL = page.url
            document = try PageReader.read(page)
        } else {
            let input = try readInput(source)
            document = try PageReader.read(input.data, source: input.name, fileName: source == "-" ? nil : source, url: url)
        }
        let result = ExtractOutput(
            url: pageURL, title: document.title, byline: document.byline, site: document.site, publishedAt: document.publishedAt,
            wordCount: TextStatistics(markdown: document.markdown).wordCount, text: document.markdown)
        if output.json {
            try printJSON(result)
            return
        }
        var lines: [String] = []
        lines.append("Title:     \(result.title ?? "(none)")")
        if let byline = result.byline { lines.append("Byline:    \(byline)") }
        if let site = result.site { lines.append("Site:      \(site)") }
        if let published = result.publishedAt { lines.append("Published: \(ISODate.formatDay(published))") }
        if let pageURL { lines.append("URL:       \(pageURL)") }
        lines.append("Words:     \(result.wordCount)")
        printOut(lines.joined(separator: "\n") + "\n\n" + result.text)
    }
}
