import Foundation
import Models

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
