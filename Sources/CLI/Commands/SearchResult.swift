import ArgumentParser
import Foundation
import Models
import Storage

/// A search hit as `folio search --json` prints it: the snippet as plain text, with the
/// matches as character offsets into it.
struct SearchResult: Encodable {
    struct Match: Encodable {
        var start: Int
        var length: Int
    }

    var kind: SearchHit.Kind
    var id: String
    var shortID: String
    var title: String?
    var articleID: String?
    var date: Date
    var snippet: String
    var matches: [Match]
    var score: Double

    init(_ hit: SearchHit, shortID: String) {
        kind = hit.kind
        id = hit.id
        self.shortID = shortID
        title = hit.title
        articleID = hit.articleID
        date = hit.date
        let ranges = hit.snippetRanges
        snippet = ranges.text
        matches = ranges.matches.map { Match(start: $0.lowerBound, length: $0.count) }
        score = hit.score
    }
}
