/// The login page's model.
struct LoginPage {
    var chrome: Chrome
    var next: String
    var error: String?
}
