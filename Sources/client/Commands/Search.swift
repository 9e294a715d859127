import ArgumentParser
import Foundation
import Models
import Storage

/// `folio search`: ranked full-text search across articles and notes.
struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search articles and notes, best matches first.",
        discussion: """
            Words must all match (stemmed: "talks" finds "talk"). Also:
              "exact phrase"   prefix*   -excluded   word OR other
              tag:NAME  site:example.com  title:WORD  in:notes|articles
              is:unread|archived|starred  before:YYYY-MM-DD  after:YYYY-MM-DD

            Examples:
              folio search putin helsinki
              folio search '"peace deal" -trump after:2025-01-01'
              folio search 'ukrain* tag:politics' --json
            """)

    @Argument(
        parsing: .allUnrecognized,
        help: "The search (quote it for the shell when it has spaces or quotes); a leading -word excludes.")
    var words: [String]

    @Option(name: [.short, .long], help: "At most this many results.")
    var limit = 20

    @Flag(help: "Print only the results' full ids, one per line (for `folio archive -` and friends).")
    var ids = false

    @Flag(help: "Only notes.")
    var notes = false

    @Flag(help: "Only articles.")
    var articles = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit must be at least 1") }
        if notes && articles { throw ValidationError("--notes and --articles exclude each other") }
    }

    func run() throws {
        var query = try SearchQuery.parse(words.joined(separator: " "))
        if notes { query.scope = .notes }
        if articles { query.scope = .articles }
        let store = try Library.open(readOnly: true)
        let hits = try store.search(query, limit: limit)
        let shortIDs = try store.shortIDs(hits.map(\.id))
        if ids {
            FileHandle.standardOutput.write(Data(hits.map { $0.id + "\n" }.joined().utf8))
            return
        }
        if output.json {
            try printJSON(hits.map { SearchResult($0, shortID: shortIDs[$0.id] ?? $0.id) })
            return
        }
        let terminal = Terminal()
        var text = ""
        for hit in hits {
            let kind = hit.kind == .article ? "article" : "note   "
            let title = hit.title ?? "(standalone note)"
            text +=
                "\(terminal.dim(kind)) \(terminal.style(shortIDs[hit.id] ?? hit.id, "33"))  \(ISODate.formatDay(hit.date))  \(terminal.bold(title))\n"
            let marked = hit.snippet
                .replacingOccurrences(of: "\n", with: " ")
                .replacingOccurrences(of: SearchHit.matchStart, with: terminal.usesColor ? "\u{1B}[1;33m" : "[")
                .replacingOccurrences(of: SearchHit.matchEnd, with: terminal.usesColor ? "\u{1B}[0m" : "]")
            if !marked.isEmpty { text += "    " + marked + "\n" }
        }
        FileHandle.standardOutput.write(Data(text.utf8))
        if hits.isEmpty { printError("no matches") }
    }
}

/// A search hit as `folio search --json` prints it: the snippet as plain text, with the
/// matches as character offsets into it.
struct SearchResult: Encodable {
    struct Match: Encodable {
        var start: Int
        var length: Int
    }

    var kind: SearchHit.Kind
    var id: String
    var shortID: String
    var title: String?
    var articleID: String?
    var date: Date
    var snippet: String
    var matches: [Match]
    var score: Double

    init(_ hit: SearchHit, shortID: String) {
        kind = hit.kind
        id = hit.id
        self.shortID = shortID
        title = hit.title
        articleID = hit.articleID
        date = hit.date
        let ranges = hit.snippetRanges
        snippet = ranges.text
        matches = ranges.matches.map { Match(start: $0.lowerBound, length: $0.count) }
        score = hit.score
    }
}
