import ArgumentParser
import Foundation
import Models
import Storage
import Sync

struct Logout: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout", abstract: "Forget the sync server and its token (local data stays).", discussion: "Example:\n  folio logout")

    @OptionGroup var output: QuietOption

    func run() throws {
        let file = SyncConfiguration.file()
        guard FileManager.default.fileExists(atPath: file.path) else { throw SyncError.notLoggedIn }
        try FileManager.default.removeItem(at: file)
        output.say("Logged out")
    }
}
