import Mustache

/// What every page's frame shows: the title, the CSRF token for its forms, the text size, the
/// log-out button and a message after an action.
struct Chrome: Sendable {
    var pageTitle: String
    var csrf: String
    var textSize = "normal"
    var loggedIn = false
    var message: String?
}

/// Rendered in lists: its fields by name, without `Mirror` (which `swift-mustache` otherwise
/// builds anew for every tag of every row).
extension Chrome: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "pageTitle": pageTitle
        case "csrf": csrf
        case "textSize": textSize
        case "loggedIn": loggedIn
        case "message": message
        default: nil
        }
    }
}
