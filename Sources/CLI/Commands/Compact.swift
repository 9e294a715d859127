import ArgumentParser
import Foundation
import Models
import Storage

/// `folio compact`: drops the changes that can no longer change anything, and gives the space
/// back to the disk.
struct Compact: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Drop the changes that can no longer change anything, and say what that freed.",
        discussion: """
            A change overwritten by a later one (a title edited again, a tag added then removed) \
            is no longer needed: every article and note stays exactly as it is. Changes not yet \
            pushed are kept, and so are note versions (another device may still edit from them). \
            See docs/sync-protocol.md, "Compaction".

            Then the search index is merged into one piece, which drops what edits and \
            deletions left behind in it, and the store's file is rewritten without its free pages \
            (SQLite's VACUUM), so what compaction, purges and emptied trash freed goes back to the \
            disk; the file's size before and after is printed. That needs free disk space up to the store's size, for \
            a moment; --no-vacuum leaves the file as it is (the space is then reused by later \
            writes).

            Examples:
              folio compact
              folio compact --json
            """)

    @OptionGroup var output: OutputOptions

    @Flag(name: .customLong("no-vacuum"), help: "Do not rewrite the file: freed space stays in it, for later writes.")
    var noVacuum = false

    /// What `--json` prints.
    struct Report: Encodable {
        var itemsExamined: Int
        var changesDropped: Int
        var changesRewritten: Int
        var bytesFreed: Int
        var vacuumed: Bool
        var storeBytesBefore: Int64
        var storeBytesAfter: Int64
    }

    func run() throws {
        let store = try Library.open()
        let before = store.fileBytes()
        let compaction = try store.compact()
        if !noVacuum {
            if Terminal().stderrIsTTY { printError("Merging the search index and rewriting the store without its free pages…") }
            try store.vacuum()
        }
        let report = Report(
            itemsExamined: compaction.itemsExamined, changesDropped: compaction.changesDropped,
            changesRewritten: compaction.changesRewritten, bytesFreed: compaction.bytesFreed, vacuumed: !noVacuum,
            storeBytesBefore: before, storeBytesAfter: store.fileBytes())
        if output.json {
            try printJSON(report)
            return
        }
        func size(_ bytes: Int64) -> String { ByteCountFormatter.string(fromByteCount: bytes, countStyle: .file) }
        output.say(
            "Compacted \(report.itemsExamined) items: \(report.changesDropped) changes dropped, "
                + "\(report.changesRewritten) kept smaller, \(size(Int64(report.bytesFreed))) of values freed; "
                + "store \(size(report.storeBytesBefore)) → \(size(report.storeBytesAfter))")
    }
}
