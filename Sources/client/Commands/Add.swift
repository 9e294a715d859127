import ArgumentParser
import Foundation
import Models
import Storage

/// `folio add`: save an article from a file, standard input or a URL.
struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Save an article from a file, standard input (-) or a URL.",
        discussion: """
            Plain text, Markdown and HTML are accepted. In plain text a leading \
            `date YYYY-MM-DD` gives the publication date, the first sentence the title, and \
            short lines without final punctuation become headings.

            A URL is saved at once as a pending article (its page is fetched later), so \
            nothing saved offline is lost. Saving a URL already in the library adds nothing \
            and prints the existing id.

            Examples:
              folio add story.txt --tag politics --tag russia
              curl -s https://example.com/a | folio add - --url https://example.com/a
              folio add https://example.com/long-read --note "Read this weekend"
            """)

    @Argument(help: "A file, - for standard input, or an http(s) URL.")
    var source: String

    @Option(help: "Title (default: from the document).")
    var title: String?

    @Option(help: "The article's URL.")
    var url: String?

    @Option(name: .customLong("tag"), help: "A tag (repeat for several).")
    var tags: [String] = []

    @Option(help: "Publication date, YYYY-MM-DD.")
    var date: String?

    @Option(help: "Author(s).")
    var byline: String?

    @Option(help: "Site name (default: from the URL).")
    var site: String?

    @Option(help: "A note to attach to the article.")
    var note: String?

    @OptionGroup var output: OutputOptions

    func run() throws {
        let published = try date.map { try parseDate($0, option: "--date") }
        if let url, !URLNormalizer.isWebURL(url) {
            throw CLIError.invalidInput("--url \(url) is not an http or https URL")
        }
        if let title, title.trimmingCharacters(in: .whitespaces).isEmpty {
            throw CLIError.invalidInput("--title cannot be empty")
        }
        let article: Article
        if URLNormalizer.isWebURL(source) {
            article = Article(
                url: source, title: title ?? source, byline: byline, site: site, publishedAt: published,
                content: "", tags: tags, contentStatus: .pending)
        } else {
            if source != "-" && source.contains("://") {
                throw CLIError.invalidInput("\(source) is not an http or https URL, and no file has that name")
            }
            let input = try readInput(source)
            let document = try ImportedDocument.read(input.data, source: input.name, fileName: source == "-" ? nil : source)
            article = Article(
                url: url, title: title ?? document.title ?? "Untitled", byline: byline, site: site,
                publishedAt: published ?? document.publishedAt, content: document.markdown, tags: tags)
        }
        let store = try Library.open()
        switch try store.add(article) {
        case .duplicate(let existing):
            let shortID = try store.shortIDs([existing.id])[existing.id] ?? existing.id
            printError("folio: already saved as \(shortID)\(existing.isTrashed ? " (in the trash)" : ""): \(existing.title)")
            if output.json {
                try printJSON(AddResult(article: ArticleSummary(existing, shortID: shortID), duplicate: true, noteID: nil))
            } else {
                printOut(shortID)
            }
        case .added(let saved):
            var noteID: String?
            if let note, !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                let made = Note(articleID: saved.id, body: note)
                try store.add(made)
                noteID = made.id
            }
            let shortID = try store.shortIDs([saved.id])[saved.id] ?? saved.id
            if output.json {
                try printJSON(AddResult(article: ArticleSummary(saved, shortID: shortID), duplicate: false, noteID: noteID))
            } else {
                let detail = saved.contentStatus == .pending ? "pending: to be fetched when online" : "\(saved.wordCount) words"
                printOut("Saved \(shortID): \(saved.title) (\(detail))")
            }
        }
    }
}

/// What `folio add --json` prints.
struct AddResult: Encodable {
    var article: ArticleSummary
    var duplicate: Bool
    var noteID: String?
}
