import ArgumentParser
import Foundation
import Models
import Storage

/// `folio compact`: drops the changes that can no longer change anything.
struct Compact: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Drop the changes that can no longer change anything, and say what that freed.",
        discussion: """
            A change overwritten by a later one (a title edited again, a tag added then removed) \
            is no longer needed: every article and note stays exactly as it is. Changes not yet \
            pushed are kept, and so are note versions (another device may still edit from them). \
            See docs/sync-protocol.md, "Compaction".

            Example:
              folio compact
            """)

    func run() throws {
        let store = try Library.open()
        let report = try store.compact()
        let bytes = ByteCountFormatter.string(fromByteCount: Int64(report.bytesFreed), countStyle: .file)
        printOut(
            "Compacted \(report.itemsExamined) items: \(report.changesDropped) changes dropped, "
                + "\(report.changesRewritten) kept smaller, \(bytes) of values freed")
    }
}
