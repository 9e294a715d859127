import ArgumentParser
import Foundation
import Models
import Storage
import Web

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
        let document: ArticleDraft
        var pageURL = url
        if URLNormalizer.isWebURL(source) {
            let page = try await PageFetcher(timeout: timeout).fetch(source)
            pageURL = page.url
            document = try PageReader.read(page)
        } else {
            let input = try readInput(source)
            document = try PageReader.read(input.data, source: input.name, fileName: source == "-" ? nil : source, url: url)
        }
        let result = ExtractOutput(url: pageURL, draft: document)
        if output.json {
            try printJSON(result)
            return
        }
        var lines: [String] = []
        lines.append("Title:     \(document.title ?? "(none)")")
        if let byline = document.byline { lines.append("Byline:    \(byline)") }
        if let site = document.site { lines.append("Site:      \(site)") }
        if let published = document.publishedAt { lines.append("Published: \(ISODate.formatDay(published))") }
        if let pageURL { lines.append("URL:       \(pageURL)") }
        lines.append("Words:     \(result.wordCount)")
        printOut(lines.joined(separator: "\n") + "\n\n" + document.markdown)
    }
}
