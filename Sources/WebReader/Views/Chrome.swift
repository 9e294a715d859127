/// What every page's frame shows: the title, the CSRF token for its forms, the text size, the
/// log-out button and a message after an action.
struct Chrome: Sendable {
    var pageTitle: String
    var csrf: String
    var textSize = "normal"
    var loggedIn = false
    var message: String?
}
