import ArgumentParser
import Foundation
import Models
import Storage

/// What `folio show --json` prints.
struct ShownArticle: Encodable {
    var article: Article
    var shortID: String
    var notes: [NoteOutput]
}
