import Foundation
import Models
import Storage

/// `folio-bench search`: runs each query in-process (`SearchQuery.parse` plus
/// `Store.search(_:limit:)`), once to warm up and then `--passes` times measured, and prints
/// the median and 99th-percentile latency.
struct SearchCommand {
    static let usage = "folio-bench search --db DBFILE --queries FILE [--passes 3] [--limit 20] [--times OUT]"

    var databasePath: String
    var queriesPath: String
    var passes: Int
    var limit: Int
    /// Where to write every sample as `queryIndex<TAB>milliseconds`, for per-shape breakdowns.
    var timesPath: String?

    init(_ arguments: ArraySlice<String>) throws(BenchError) {
        let options = try Options(arguments, allowed: ["db", "queries", "passes", "limit", "times"])
        databasePath = try options.string("db")
        queriesPath = try options.string("queries")
        passes = try options.integer("passes", default: 3, minimum: 1)
        limit = try options.integer("limit", default: 20, minimum: 1)
        timesPath = options.optionalString("times")
    }

    func run() throws(BenchError) {
        guard FileManager.default.fileExists(atPath: databasePath) else { throw .input("no store at \(databasePath)") }
        let queries = try readLines(queriesPath)
        guard !queries.isEmpty else { throw .input("\(queriesPath) has no queries") }
        let store: Store
        do {
            store = try Store(path: databasePath, configuration: StoreConfiguration(readOnly: true))
        } catch {
            throw .store("store \(databasePath): \(error)")
        }

        let clock = ContinuousClock()
        var samples: [Double] = []
        var timesText = ""
        var failures = 0
        var hitCount = 0
        // Pass 0 warms the page cache and statement caches; it is not measured.
        for pass in 0...passes {
            for (index, text) in queries.enumerated() {
                let start = clock.now
                do {
                    let query = try SearchQuery.parse(text)
                    hitCount += try store.search(query, limit: limit).count
                } catch {
                    if pass == 0 {
                        failures += 1
                        printError("query \(index + 1) `\(text)` fails: \(error)")
                    }
                    continue
                }
                let elapsed = milliseconds(clock.now - start)
                if pass > 0 {
                    samples.append(elapsed)
                    timesText += "\(index)\t\(format(elapsed, decimals: 4))\n"
                }
            }
        }
        if let timesPath {
            guard FileManager.default.createFile(atPath: timesPath, contents: Data(timesText.utf8)) else {
                throw .input("cannot write \(timesPath)")
            }
        }
        guard let summary = LatencySummary(samples) else { throw .input("no query could be run") }
        let averageHits = Double(hitCount) / Double((passes + 1) * max(1, queries.count - failures))
        printOut(
            "in-process search: \(queries.count - failures) queries x \(passes) passes, median \(format(summary.median, decimals: 3)) ms, p99 \(format(summary.p99, decimals: 3)) ms, mean \(format(summary.mean, decimals: 3)) ms, max \(format(summary.max, decimals: 3)) ms, \(format(averageHits, decimals: 1)) hits/query"
        )
    }
}

/// `folio-bench fts-expression` (hidden): prints, for each query line, the FTS5 `MATCH`
/// expression `Store.search` runs on the store at `--db` (prefix terms with their indexed
/// stems), or an empty line when it has none (qualifiers only, or a parse error), so the
/// baselines run the same full-text query. `--sql` prints instead the ranked query itself
/// (`Store.baselineSearchSQL()`: the search's statement with SQLite's `bm25`, which the `sqlite3`
/// CLI can run; `?` for the expression, twice, and the limit).
struct FTSExpressionCommand {
    var queriesPath: String?
    var databasePath: String?

    init(_ arguments: ArraySlice<String>) throws(BenchError) {
        if arguments.first == "--sql" {
            queriesPath = nil
            databasePath = nil
            return
        }
        let options = try Options(arguments, allowed: ["queries", "db"])
        queriesPath = try options.string("queries")
        databasePath = try options.string("db")
    }

    func run() throws(BenchError) {
        guard let queriesPath, let databasePath else {
            printOut(Store.baselineSearchSQL().replacingOccurrences(of: "\n", with: " "))
            return
        }
        let store: Store
        do {
            store = try Store(path: databasePath, configuration: StoreConfiguration(readOnly: true))
        } catch {
            throw BenchError.store("cannot open \(databasePath): \(error)")
        }
        var output = ""
        for text in try readLines(queriesPath) {
            let expression = (try? SearchQuery.parse(text)).flatMap { try? store.ftsExpression(for: $0) } ?? ""
            output += expression.replacingOccurrences(of: "\n", with: " ") + "\n"
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}
