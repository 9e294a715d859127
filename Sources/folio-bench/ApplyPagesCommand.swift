import Foundation
import Models
import Storage

/// `folio-bench apply-pages`: the client's half of an initial sync, in process, both ways. The
/// change log of a generated store (a copy: its pushed mark moves) is read in pages and applied
/// to a new store, once through `Store.applyRemote`'s bulk path and once item by item; the time
/// spent in `applyRemote` is reported for each, so the two compare under the same load. With
/// `--compacted`, the copy's log is first compacted as a server compacts what every device
/// acknowledged (rules 1 to 4: what a later change supersedes goes), so the pages hold what a new
/// device pulls of an edited library: each item's creation, then, pages later, its last edits.
struct ApplyPagesCommand {
    static let usage = "folio-bench apply-pages --from DBFILE --work FOLDER [--page 500] [--compacted]"

    var sourcePath: String
    var workPath: String
    var pageSize: Int
    var compacted: Bool

    init(_ arguments: ArraySlice<String>) throws(BenchError) {
        let options = try Options(arguments, allowed: ["from", "work", "page"], flags: ["compacted"])
        sourcePath = try options.string("from")
        workPath = try options.string("work")
        pageSize = try options.integer("page", default: 500, minimum: 1)
        compacted = options.flag("compacted")
    }

    func run() throws(BenchError) {
        var seconds: [Bool: Double] = [:]
        for inBulk in [true, false] {
            seconds[inBulk] = try apply(inBulk: inBulk)
            printOut("\(inBulk ? "bulk" : "item by item"): \(format(seconds[inBulk] ?? 0, decimals: 2)) s")
        }
        if let bulk = seconds[true], let itemByItem = seconds[false], bulk > 0 {
            printOut("item by item over bulk: \(format(itemByItem / bulk, decimals: 2))x")
        }
    }

    /// Applies the source's log to a new store; returns the seconds spent applying.
    private func apply(inBulk: Bool) throws(BenchError) -> Double {
        let folder = URL(fileURLWithPath: workPath).appendingPathComponent(inBulk ? "bulk" : "item-by-item")
        let copy = folder.appendingPathComponent("source.sqlite").path
        let target = folder.appendingPathComponent("target.sqlite").path
        do {
            try? FileManager.default.removeItem(at: folder)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: sourcePath, toPath: copy)
        } catch {
            throw .input("cannot copy \(sourcePath) into \(folder.path): \(error.localizedDescription)")
        }
        let clock = ContinuousClock()
        var applying = Duration.zero
        do {
            let source = try Store(path: copy)
            let store = try Store(path: target)
            if compacted {
                try source.markPushed(through: try source.lastChangeSequence())
                try source.compact()
                try source.restartSync(cursor: nil)
            }
            var page = 0
            while true {
                let changes = try source.unsyncedChanges(limit: pageSize)
                guard let last = changes.last else { break }
                let started = clock.now
                try store.applyRemote(changes, cursor: "page-\(page)", inBulk: inBulk)
                applying += clock.now - started
                try source.markPushed(through: last.sequence)
                page += 1
            }
        } catch {
            throw .store("\(error)")
        }
        return milliseconds(applying) / 1000
    }
}
