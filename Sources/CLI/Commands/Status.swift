import ArgumentParser
import Foundation
import Models
import Storage
import Sync

/// `folio status`: what is in the library.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show counts, the store's path and size, and unsynced changes.",
        discussion: "Example:\n  folio status --json")

    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try Library.open(readOnly: true)
        let status = try store.status()
        let server = try? SyncConfiguration.load().server
        if output.json {
            try printJSON(StatusOutput(library: status, server: server))
            return
        }
        let sync = server.map { "\($0) (last sync: \(status.lastSyncAt.map(ISODate.format) ?? "never"))" } ?? "not logged in (`folio login`)"
        printOut(
            """
            Articles:  \(status.articles) (\(status.unread) unread, \(status.archived) archived, \(status.starred) starred, \(status.pending) pending)
            Notes:     \(status.notes)\(status.conflictedNotes > 0 ? " (\(status.conflictedNotes) in conflict: `folio note list --conflicts`, then `folio note resolve ID`)" : "")
            Trash:     \(status.trashedArticles) articles, \(status.trashedNotes) notes
            Unsynced:  \(status.unsyncedChanges) changes\(status.rejectedChanges > 0 ? " (\(status.rejectedChanges) refused by the server, set aside)" : "")
            Server:    \(sync)
            Store:     \(status.path) (\(ByteCountFormatter.string(fromByteCount: status.sizeBytes, countStyle: .file)))
            """)
        if let line = SyncCommand.newerFormatWarning(unreadableItems: status.unreadableItems) { printOut(line) }
    }
}
