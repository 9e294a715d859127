import Storage

/// The library page's filters, as `folio list` has them: a name in the page's address, and
/// the store's filter it stands for.
enum LibraryFilter: String, CaseIterable {
    case all, unread, archived, starred, pending, failed, trash

    var label: String {
        switch self {
        case .all: "All"
        case .unread: "Unread"
        case .archived: "Archived"
        case .starred: "Starred"
        case .pending: "Pending"
        case .failed: "Failed"
        case .trash: "Trash"
        }
    }

    /// The store's filter, newest saved first.
    func articleFilter(tag: String?) -> ArticleFilter {
        var filter = ArticleFilter()
        filter.tag = tag
        switch self {
        case .all: break
        case .unread: filter.state = .unread
        case .archived: filter.state = .archived
        case .starred: filter.starred = true
        case .pending: filter.contentStatus = .pending
        case .failed:
            filter.contentStatus = .pending
            filter.fetchFailed = true
        case .trash: filter.trashed = true
        }
        return filter
    }
}
