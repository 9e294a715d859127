import Models
import Mustache
import Storage

/// The search page's model: the query, and the results with their snippets.
struct SearchPage {
    /// One result: an article or a note.
    struct Result {
        var kind: String
        var title: String
        var href: String
        var date: String
        /// The snippet, escaped, with the matches in `<mark>`.
        var snippetHTML: String

        init(_ hit: SearchHit) {
            kind = hit.kind.rawValue
            title = hit.title ?? "(standalone note)"
            switch hit.kind {
            case .article: href = "/articles/\(hit.id)"
            case .note: href = hit.articleID.map { "/articles/\($0)#note-\(hit.id)" } ?? "/notes?show=standalone#note-\(hit.id)"
            }
            date = ISODate.formatDay(hit.date)
            snippetHTML = Result.markedSnippet(hit)
        }

        /// The snippet's text escaped, each match between `<mark>` and `</mark>`.
        static func markedSnippet(_ hit: SearchHit) -> String {
            let (text, matches) = hit.snippetRanges
            let characters = Array(text)
            var html = ""
            var position = 0
            for match in matches where match.lowerBound >= position && match.upperBound <= characters.count {
                html += HTMLPiece.escape(String(characters[position..<match.lowerBound]))
                html += "<mark>" + HTMLPiece.escape(String(characters[match])) + "</mark>"
                position = match.upperBound
            }
            return html + HTMLPiece.escape(String(characters[position...]))
        }
    }

    var chrome: Chrome
    var query: String
    var scopeAll: Bool
    var scopeArticles: Bool
    var scopeNotes: Bool
    var error: String?
    var searched: Bool
    var countText: String
    var results: [Result]
    /// The same search with twice as many results, when there are more.
    var more: String?
}

/// Rendered in lists: its fields by name, without `Mirror` (which `swift-mustache` otherwise
/// builds anew for every tag of every row).
extension SearchPage.Result: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "kind": kind
        case "title": title
        case "href": href
        case "date": date
        case "snippetHTML": snippetHTML
        default: nil
        }
    }
}
