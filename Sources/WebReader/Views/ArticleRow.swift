import Foundation
import Models
import Mustache

/// One article in the library's list.
struct ArticleRow {
    var id: String
    var title: String
    var site: String?
    var date: String
    var minutes: Int?
    var tags: [String]
    var hasTags: Bool
    var starred: Bool
    var unread: Bool
    var pending: Bool
    var failed: Bool
    /// Percent read, nil when not started.
    var progress: Int?

    init(_ article: Article, failed: Bool) {
        id = article.id
        title = article.title
        site = article.site
        date = ISODate.formatDay(article.savedAt)
        minutes = article.readingMinutes > 0 ? article.readingMinutes : nil
        tags = article.tags
        hasTags = !article.tags.isEmpty
        starred = article.starred
        unread = article.state == .unread
        pending = article.contentStatus == .pending && !failed
        self.failed = failed
        progress = ArticleRow.percent(article.progress)
    }

    /// A progress as a whole percentage; nil for none.
    static func percent(_ progress: Double) -> Int? {
        let percent = Int((progress * 100).rounded())
        return percent > 0 ? percent : nil
    }
}

/// Rendered in lists: its fields by name, without `Mirror` (which `swift-mustache` otherwise
/// builds anew for every tag of every row).
extension ArticleRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "title": title
        case "site": site
        case "date": date
        case "minutes": minutes
        case "tags": tags
        case "hasTags": hasTags
        case "starred": starred
        case "unread": unread
        case "pending": pending
        case "failed": failed
        case "progress": progress
        default: nil
        }
    }
}
