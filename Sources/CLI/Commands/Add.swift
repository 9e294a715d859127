import ArgumentParser
import Foundation
import Models
import Storage
import Web

/// `folio add`: save an article from a file, standard input or a URL.
struct Add: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Save an article from a file, standard input (-) or a URL.",
        discussion: """
            Plain text, Markdown and HTML are accepted. In plain text a leading \
            `date YYYY-MM-DD` gives the publication date, the first sentence the title, and \
            short lines without final punctuation become headings.

            A URL is fetched and its article extracted (title, byline, site, date, main \
            text). Offline, or when the site fails for now, it is saved as a pending article \
            that `folio fetch` (or `folio sync --fetch`) completes later, so nothing is lost; \
            the command then exits 75. A page whose main text cannot be found (only \
            navigation, a cookie or sign-in notice) is saved as pending with that reason and \
            the command exits 65. A page that cannot become an article (404, a PDF, an \
            image) is not saved. Saving a URL already in the library adds nothing and prints \
            the existing id. HTML files and pages on standard input go through the same \
            extraction.

            Examples:
              folio add story.txt --tag politics --tag russia
              folio add https://example.com/long-read --note "Read this weekend"
              folio add page.html --url https://example.com/paywalled
              curl -s https://example.com/a | folio add - --url https://example.com/a
              folio add https://example.com/later --no-fetch
            """)

    @Argument(help: "A file, - for standard input, or an http(s) URL.")
    var source: String

    @Option(help: "Title (default: from the document).")
    var title: String?

    @Option(help: "The article's URL.")
    var url: String?

    @Option(name: [.customShort("t"), .customLong("tag")], help: "A tag (repeat for several).")
    var tags: [String] = []

    @Option(help: "Publication date, YYYY-MM-DD.")
    var date: String?

    @Option(help: "Author(s).")
    var byline: String?

    @Option(help: "Site name (default: from the URL).")
    var site: String?

    @Option(help: "A note to attach to the article.")
    var note: String?

    @Flag(help: "Save a URL as pending without fetching it now (`folio fetch` does later).")
    var noFetch = false

    @Option(help: "Seconds a fetch may take.")
    var timeout = 30

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if timeout < 1 { throw ValidationError("--timeout must be at least 1 second") }
    }

    func run() async throws {
        let published = try date.map { try parseDate($0, option: "--date") }
        if let url, !URLNormalizer.isWebURL(url) {
            throw CLIError.invalidInput("--url \(url) is not an http or https URL")
        }
        if let title, title.trimmingCharacters(in: .whitespaces).isEmpty {
            throw CLIError.invalidInput("--title cannot be empty")
        }
        var article: Article
        let store: Store
        /// Why a URL was saved pending instead of fetched (a transient failure, or a page without main text).
        var deferredFailure: FetchError?
        if URLNormalizer.isWebURL(source) {
            article = Article(
                url: source, title: title ?? source, byline: byline, site: site, publishedAt: published,
                content: "", tags: tags, contentStatus: .pending)
            store = try Library.open()
            if !noFetch, try store.existingArticle(url: source) == nil {
                switch await fetch(source) {
                case .success(let document): article = makeArticle(from: document, url: source, published: published)
                case .failure(let error) where error.isTransient: deferredFailure = error
                case .failure(let error) where error.isMissingMainText: deferredFailure = error
                case .failure(let error): throw error
                }
            }
        } else {
            if source != "-" && source.contains("://") {
                throw CLIError.invalidInput("\(source) is not an http or https URL, and no file has that name")
            }
            let input = try readInput(source)
            let document = try PageReader.read(input.data, source: input.name, fileName: source == "-" ? nil : source, url: url)
            article = makeArticle(from: document, url: url, published: published)
            store = try Library.open()
        }
        let attached = note.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : Note(articleID: article.id, body: $0) }
        switch try store.add(article, note: attached) {
        case .duplicate(let existing):
            let shortID = try store.shortIDs([existing.id])[existing.id] ?? existing.id
            printError("folio: already saved as \(shortID)\(existing.isTrashed ? " (in the trash)" : ""): \(existing.title)")
            if output.json {
                try printJSON(AddResult(article: ArticleSummary(existing, shortID: shortID), duplicate: true, noteID: nil))
            } else {
                printOut(shortID)
            }
        case .added(let saved):
            let noteID = attached?.id
            let shortID = try store.shortIDs([saved.id])[saved.id] ?? saved.id
            if output.json {
                try printJSON(AddResult(article: ArticleSummary(saved, shortID: shortID), duplicate: false, noteID: noteID))
            } else {
                let detail = saved.contentStatus == .pending ? "pending: to be fetched when online" : "\(saved.wordCount) words"
                printOut(output.quiet ? shortID : "Saved \(shortID): \(saved.title) (\(detail))")
            }
            if let deferredFailure {
                try store.recordFetchFailure(articleID: saved.id, error: deferredFailure.description)
                if deferredFailure.isMissingMainText {
                    throw CLIError.savedWithoutText("\(deferredFailure.description); saved as pending with that reason")
                }
                throw CLIError.savedPending("\(deferredFailure.description); saved as pending, `folio fetch` will try again")
            }
        }
    }

    /// The page at `url`, read into an article.
    func fetch(_ url: String) async -> Result<ArticleDraft, FetchError> {
        do {
            return .success(try PageReader.read(try await PageFetcher(timeout: timeout).fetch(url)))
        } catch {
            return .failure(error)
        }
    }

    /// The article to save from what a page or file gave; the user's options win.
    func makeArticle(from document: ArticleDraft, url: String?, published: Date?) -> Article {
        Article(draft: document, url: url, title: title, byline: byline, site: site, publishedAt: published, tags: tags)
    }
}
