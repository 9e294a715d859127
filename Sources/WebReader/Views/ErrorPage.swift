/// The error page's model.
struct ErrorPage {
    var chrome: Chrome
    var heading: String
    var detail: String
}
