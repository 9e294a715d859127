import ArgumentParser
import Foundation
import Models
import Storage
import Web

/// What `folio add --json` prints.
struct AddResult: Encodable {
    var article: ArticleSummary
    var duplicate: Bool
    var noteID: String?
}
