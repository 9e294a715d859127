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

    // No short names for the argument parser: every unknown `-word` is a word to exclude, and it
    // would read `-nato` as `-n -a -t -o`. `SearchRequest.shortOptions` takes -n N, -j and -q from the words.
    @Option(name: .long, help: "At most this many results (also -n N).")
    var limit = 20

    @Flag(help: "Print only the results' full ids, one per line (for `folio archive -` and friends).")
    var ids = false

    @Flag(help: "Only notes.")
    var notes = false

    @Flag(help: "Only articles.")
    var articles = false

    @Flag(name: .long, help: "Print JSON (sorted keys, ISO-8601 dates) instead of text (also -j).")
    var json = false

    func validate() throws {
        if limit < 1 || (SearchRequest.shortOptions(words).limit ?? 1) < 1 { throw ValidationError("--limit must be at least 1") }
        if notes && articles { throw ValidationError("--notes and --articles exclude each other") }
    }

    /// What was asked, for `SearchRequest` to run.
    var request: SearchRequest {
        SearchRequest(words: words, limit: limit, ids: ids, notes: notes, articles: articles, json: json)
    }

    func run() throws {
        try request.run()
    }
}
