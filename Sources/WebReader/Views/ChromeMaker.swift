import Hummingbird

/// Makes each page's `Chrome` from the request's session.
struct ChromeMaker: Sendable {
    let requiresLogin: Bool

    func make(_ context: WebRequestContext, title: String, textSize: String = "normal", message: String? = nil) -> Chrome {
        Chrome(
            pageTitle: title, csrf: context.csrfToken, textSize: textSize, loggedIn: requiresLogin && context.session?.authenticated == true,
            message: message)
    }
}
