import ArgumentParser
import Foundation
import Models
import Storage

/// What `folio trash --json` prints.
struct TrashListing: Encodable {
    var articles: [ArticleSummary]
    var notes: [NoteOutput]
}
