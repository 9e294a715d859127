import Foundation
import Models
import Storage

/// What `folio search` was asked: the words (the query, with `-n N`, `-nN`, `-j` and `-q` still
/// among them) and the flags, and how the results are printed.
///
/// `Search`, the argument parser's command, makes one. So does `init?(commandLine:)` for the
/// command lines people type, without the argument parser: it reflects over every command's
/// properties when a process starts, a quarter of the instructions of a whole `folio search`
/// process (docs/benchmarks.md), and a search is the command people run most and wait for.
/// Anything else it hands back to the argument parser, and `SearchRequestTests` checks that the
/// two readings agree.
struct SearchRequest: Equatable, Sendable {
    var words: [String]
    var limit = 20
    var ids = false
    var notes = false
    var articles = false
    var json = false
}

extension SearchRequest {
    /// The request of a `folio search` command line (`arguments` without the program name) that
    /// uses only the search's own options, each once; nil for everything else (help, other
    /// commands, unknown or repeated options, `--`, a limit below 1, no words), which the
    /// argument parser reads, answers or refuses as before.
    init?(commandLine arguments: [String]) {
        guard arguments.first == "search" else { return nil }
        var request = SearchRequest(words: [])
        var seen: Set<String> = []
        var rest = arguments.dropFirst()
        while let argument = rest.popFirst() {
            if argument.hasPrefix("--") {
                let (name, inlineValue) = Self.split(argument)
                guard seen.insert(name).inserted else { return nil }
                switch (name, inlineValue) {
                case ("--ids", nil): request.ids = true
                case ("--notes", nil): request.notes = true
                case ("--articles", nil): request.articles = true
                case ("--json", nil): request.json = true
                case ("--limit", _):
                    guard let value = inlineValue ?? rest.popFirst(), let limit = Self.positive(value) else { return nil }
                    request.limit = limit
                default: return nil
                }
            } else if argument.hasPrefix("-"), !Self.isWordToExclude(argument) {
                return nil
            } else {
                request.words.append(argument)
            }
        }
        let short = Self.shortOptions(request.words)
        guard !request.words.isEmpty, !(request.notes && request.articles), (short.limit ?? 1) >= 1 else { return nil }
        self = request
    }

    /// `--name=value` as the name and the value; any other argument as itself and nil.
    private static func split(_ argument: String) -> (name: String, value: String?) {
        guard let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    /// A count the argument parser reads the same way: decimal digits only, at least 1.
    private static func positive(_ text: String) -> Int? {
        guard text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let value = Int(text), value >= 1 else { return nil }
        return value
    }

    /// A `-word` the argument parser leaves among the words: letters, digits and the query's
    /// own marks after the dash, and no `h` (it would read `-help` or `-hamas` as `-h`, help).
    private static func isWordToExclude(_ argument: String) -> Bool {
        let rest = argument.utf8.dropFirst()
        return !rest.isEmpty
            && rest.allSatisfy { byte in
                byte >= 0x80 || (byte != UInt8(ascii: "h") && byte != UInt8(ascii: "=") && byte != UInt8(ascii: "-") && byte > 0x20)
            }
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

    /// Searches the library and prints the results. Returns the store, still open: a caller
    /// that ends the process next can keep it open until then (`Folio.runAsMain`).
    @discardableResult
    func run() throws -> Store {
        let short = Self.shortOptions(words)
        let limit = short.limit ?? limit
        let json = json || short.json
        var query = try SearchQuery.parse(Self.spaced(short.words))
        if notes { query.scope = .notes }
        if articles { query.scope = .articles }
        let environment = ProcessEnvironment.reading(FolioPaths.environmentNames + Terminal.environmentNames)
        let store = try Library.open(readOnly: true, cachedPages: Self.cachedPages, environment: environment)
        // One more than asked, to tell whether there are more.
        var hits = try store.search(query, limit: limit + 1)
        let more = hits.count > limit
        if more { hits.removeLast() }
        if ids {
            DescriptorWriter.write(hits.reduce(into: "") { $0 += $1.id + "\n" }, to: STDOUT_FILENO)
            return store
        }
        let shortIDs = try store.shortIDs(hits.map(\.id))
        if json {
            try printJSON(hits.map { SearchResult($0, shortID: shortIDs[$0.id] ?? $0.id) })
            return store
        }
        let terminal = Terminal(environment: environment)
        let width = terminal.stdoutIsTTY ? terminal.width : nil
        let idWidth = shortIDs.values.map(DisplayWidth.of).max() ?? 4
        let startMark = SearchHit.matchStart.unicodeScalars.first ?? "\u{1}"
        let endMark = SearchHit.matchEnd.unicodeScalars.first ?? "\u{2}"
        let marks: [(mark: Unicode.Scalar, replacement: String)] =
            terminal.usesColor ? [("\u{E000}", "\u{1B}[1;33m"), ("\u{E001}", "\u{1B}[0m")] : [("\u{E000}", "["), ("\u{E001}", "]")]
        var text = ""
        for hit in hits {
            let kind = hit.kind == .article ? "article" : "note   "
            let id = DisplayWidth.pad(shortIDs[hit.id] ?? hit.id, to: idWidth)
            var title = DisplayWidth.oneLine(hit.title ?? "(standalone note)")
            if let width { title = DisplayWidth.truncate(title, to: max(8, width - 7 - 1 - idWidth - 2 - 10 - 2)) }
            text += "\(terminal.dim(kind)) \(terminal.style(id, "33"))  \(ISODate.formatDay(hit.date))  \(terminal.bold(title))\n"
            // The match marks stand in as one-column private-use characters while wrapping (they
            // become [ and ] without colour), then get their final form.
            let snippet = DisplayWidth.oneLine(Self.swapping(hit.snippet, [(startMark, "\u{E000}"), (endMark, "\u{E001}")]))
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
        DescriptorWriter.write(text, to: STDOUT_FILENO)
        return store
    }

    /// The words with a space between each two (what `joined(separator:)` gives, without its
    /// generic code's look-up of the array's conformances when a process starts).
    static func spaced(_ words: [String]) -> String {
        var line = ""
        for index in words.indices {
            if index > 0 { line += " " }
            line += words[index]
        }
        return line
    }

    /// The pages SQLite keeps in memory for a search, which reads each page once or twice and
    /// ends: 16 instead of SQLite's 2 MB took 100 to 500 page faults off a process (fresh heap
    /// pages) for a few more reads from the system's cache (`StoreConfiguration.cachedPages`).
    static let cachedPages = 16

    /// `text` with each mark of `table` (whole scalars) replaced by its string, in one pass over
    /// the UTF-8 bytes (Foundation's `replacingOccurrences` goes through NSString on Linux: a
    /// tenth of a search's time; a dictionary of scalars hashed every scalar).
    static func swapping(_ text: String, _ table: [(mark: Unicode.Scalar, replacement: String)]) -> String {
        let marks = table.map { (Array(String($0.mark).utf8), Array($0.replacement.utf8)) }
        var text = text
        return text.withUTF8 { bytes in
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + 16)
            // Runs between marks are copied whole (byte by byte was a tenth of a short search).
            var index = 0
            var runStart = 0
            next: while index < bytes.count {
                for (mark, replacement) in marks
                where bytes[index] == mark[0] && index + mark.count <= bytes.count && bytes[index..<index + mark.count].elementsEqual(mark) {
                    result += bytes[runStart..<index]
                    result += replacement
                    index += mark.count
                    runStart = index
                    continue next
                }
                index += 1
            }
            result += bytes[runStart..<bytes.count]
            return String(decoding: result, as: UTF8.self)
        }
    }
}
