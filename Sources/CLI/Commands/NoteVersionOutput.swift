import ArgumentParser
import Foundation
import Models
import Storage

/// What `folio note history --json` prints for one version.
struct NoteVersionOutput: Encodable {
    var date: Date
    var device: String
    /// The name the device logged in with, when the sync server has given it.
    var deviceName: String?
    var body: String
    var current: Bool
}
