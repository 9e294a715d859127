import ArgumentParser
import Foundation
import Models
import Storage

/// One body a conflicted note can keep, as `folio note resolve` numbers them: 1 is the text
/// the note shows, 2 and on its conflicts.
struct ConflictSide: Encodable {
    var number: Int
    /// "current" for the shown text, "other" for a conflict.
    var role: String
    var body: String
    /// The device and time of the latest edit the body holds.
    var device: String
    /// The name that device logged in with, when the sync server has given it.
    var deviceName: String?
    var date: Date
    /// The clock timestamps of the edits it holds.
    var versions: [HLCTimestamp]
}
