import Foundation
import Models
import Storage

/// `folio-bench phases` (hidden): in a fresh process, times the steps a `folio search`
/// process goes through after start-up (opening the store, the first search on new
/// connections, the same search again, and the short ids the CLI prints) to show where
/// whole-process time goes beyond the in-process figure.
struct PhasesCommand {
    var databasePath: String
    var queryText: String
    var limit: Int
    /// Open the store read-only (`StoreConfiguration.readOnly`), as `folio search` does
    /// (`--read-only 1`, the default), or for writing (`--read-only 0`).
    var readOnly: Bool

    init(_ arguments: ArraySlice<String>) throws(BenchError) {
        let options = try Options(arguments, allowed: ["db", "query", "limit", "read-only"])
        databasePath = try options.string("db")
        queryText = try options.string("query")
        limit = try options.integer("limit", default: 20, minimum: 1)
        readOnly = try options.integer("read-only", default: 1) != 0
    }

    func run() throws(BenchError) {
        guard FileManager.default.fileExists(atPath: databasePath) else { throw .input("no store at \(databasePath)") }
        let clock = ContinuousClock()
        var phases: [(String, Duration)] = []
        var mark = clock.now
        func lap(_ name: String) {
            let now = clock.now
            phases.append((name, now - mark))
            mark = now
        }
        do {
            let store = try Store(path: databasePath, configuration: StoreConfiguration(readOnly: readOnly))
            lap("open")
            let query = try SearchQuery.parse(queryText)
            lap("parse")
            let hits = try store.search(query, limit: limit)
            lap("search-first")
            _ = try store.search(query, limit: limit)
            lap("search-again")
            _ = try store.shortIDs(hits.map(\.id))
            lap("short-ids")
            _ = hits.map { ISODate.formatDay($0.date) }
            lap("format-dates")
        } catch {
            throw .store("\(error)")
        }
        printOut(phases.map { "\($0.0)=\(format(milliseconds($0.1), decimals: 3))" }.joined(separator: " "))
    }
}
