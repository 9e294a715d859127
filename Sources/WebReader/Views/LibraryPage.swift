import Mustache

/// The library page's model: one page of articles, newest saved first, with the filters.
struct LibraryPage {
    /// A filter link above the list.
    struct FilterLink {
        var label: String
        var href: String
        var current: Bool
    }

    var chrome: Chrome
    var filters: [FilterLink]
    var filter: String
    var tag: String?
    var countText: String
    var rows: [ArticleRow]
    var previous: String?
    var next: String?
    /// When the library last synced and what waits to be pushed.
    var syncLine: String
}

/// Rendered in lists: its fields by name, without `Mirror` (which `swift-mustache` otherwise
/// builds anew for every tag of every row).
extension LibraryPage.FilterLink: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "href": href
        case "current": current
        default: nil
        }
    }
}
