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
    // would read `-nato` as `-n -a -t -o`. `shortOptions` takes -n N, -j and -q from the words.
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
        if limit < 1 || (Self.shortOptions(words).limit ?? 1) < 1 { throw ValidationError("--limit must be at least 1") }
        if notes && articles { throw ValidationError("--notes and --articles exclude each other") }
    }

    /// The short options (`-n N`, `-nN`, `-j`, `-q`) among the words: the argument parser leaves
    /// them there, because every unknown `-word` belongs to the search (it excludes a word).
    static func shortOptions(_ words: [String]) -> (words: [String], limit: Int?, json: Bool) {
        var rest: [String] = []
        var limit: Int?
        var json = false
        var index = 0
        while index < words.count {
            let word = words[index]
            if word == "-n", index + 1 < words.count, let value = Int(words[index + 1]) {
                limit = value
                index += 2
                continue
            }
            if word.hasPrefix("-n"), let value = Int(word.dropFirst(2)) {
                limit = value
            } else if word == "-j" {
                json = true
            } else if word != "-q" {
                rest.append(word)
            }
            index += 1
        }
        return (rest, limit, json)
    }

    func run() throws {
        let short = Self.shortOptions(words)
        let limit = short.limit ?? limit
        let json = json || short.json
        var query = try SearchQuery.parse(short.words.joined(separator: " "))
        if notes { query.scope = .notes }
        if articles { query.scope = .articles }
        let store = try Library.open(readOnly: true)
        // One more than asked, to tell whether there are more.
        var hits = try store.search(query, limit: limit + 1)
        let more = hits.count > limit
        if more { hits.removeLast() }
        if ids {
            FileHandle.standardOutput.write(Data(hits.map { $0.id + "\n" }.joined().utf8))
            return
        }
        let shortIDs = try store.shortIDs(hits.map(\.id))
        if json {
            try printJSON(hits.map { SearchResult($0, shortID: shortIDs[$0.id] ?? $0.id) })
            return
        }
        let terminal = Terminal()
        let width = terminal.stdoutIsTTY ? terminal.width : nil
        let idWidth = shortIDs.values.map(DisplayWidth.of).max() ?? 4
        let startMark = SearchHit.matchStart.unicodeScalars.first ?? "\u{1}"
        let endMark = SearchHit.matchEnd.unicodeScalars.first ?? "\u{2}"
        let marks: [Unicode.Scalar: String] =
            terminal.usesColor ? ["\u{E000}": "\u{1B}[1;33m", "\u{E001}": "\u{1B}[0m"] : ["\u{E000}": "[", "\u{E001}": "]"]
        var text = ""
        for hit in hits {
            let kind = hit.kind == .article ? "article" : "note   "
            let id = DisplayWidth.pad(shortIDs[hit.id] ?? hit.id, to: idWidth)
            var title = DisplayWidth.oneLine(hit.title ?? "(standalone note)")
            if let width { title = DisplayWidth.truncate(title, to: max(8, width - 7 - 1 - idWidth - 2 - 10 - 2)) }
            text += "\(terminal.dim(kind)) \(terminal.style(id, "33"))  \(ISODate.formatDay(hit.date))  \(terminal.bold(title))\n"
            // The match marks stand in as one-column private-use characters while wrapping (they
            // become [ and ] without colour), then get their final form.
            let snippet = DisplayWidth.oneLine(Self.swapping(hit.snippet, [startMark: "\u{E000}", endMark: "\u{E001}"]))
            guard !snippet.isEmpty else { continue }
            let wrapped = Format.wrap(snippet, width: width ?? 80, indent: "    ")
            text += Self.swapping(wrapped, marks) + "\n"
        }
        if hits.isEmpty {
            printError("no matches")
        } else if terminal.stdoutIsTTY {
            let counted = hits.count == 1 ? "1 result" : "\(hits.count) results"
            text += terminal.dim(more ? "\(counted) shown; more with -n \(limit * 2)" : counted) + "\n"
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// `text` with each scalar of `table` replaced by its string, in one pass (Foundation's
    /// `replacingOccurrences` goes through NSString on Linux: a tenth of a search's time).
    static func swapping(_ text: String, _ table: [Unicode.Scalar: String]) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if let replacement = table[scalar] {
                result += replacement
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
