import ArgumentParser
import Foundation
import Models
import Storage
import Web

/// What `folio extract` prints.
struct ExtractOutput: Encodable {
    var url: String?
    var title: String?
    var byline: String?
    var site: String?
    var publishedAt: Date?
    var wordCount: Int
    var text: String
}
