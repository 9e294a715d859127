import ArgumentParser
import Foundation
import Models
import Storage
import Sync

/// What `folio import --json` prints.
struct ImportSummary: Encodable {
    var articlesAdded: Int
    var articlesSkipped: Int
    var notesAdded: Int
    var notesSkipped: Int
}
