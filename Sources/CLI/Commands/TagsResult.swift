import ArgumentParser
import Foundation
import Models
import Storage

/// What `folio tag --json` prints.
struct TagsResult: Encodable {
    var id: String
    var tags: [String]
}
