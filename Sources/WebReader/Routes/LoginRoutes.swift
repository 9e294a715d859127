import Hummingbird

/// `GET /login`, `POST /login` (the password from `--password-file` or
/// `FOLIO_WEB_PASSWORD`) and `POST /logout`; on loopback without a password there is nothing
/// to log in to and the login page sends the browser on.
struct LoginRoutes {
    let views: WebViews
    let chrome: ChromeMaker
    let sessions: WebSessions
    let password: String?

    func add(to router: Router<WebRequestContext>) {
        router.get("/login") { request, context in
            let next = Self.safeNext(request.query["next"])
            if password == nil || context.session?.authenticated == true { return WebViews.redirect(to: next) }
            return views.page("login", LoginPage(chrome: chrome.make(context, title: "Log in"), next: next, error: nil))
        }
        router.post("/login") { request, context in try await logIn(request, context: context) }
        router.post("/logout") { request, context in
            if let id = context.session?.id { await sessions.remove(id: id) }
            var response = WebViews.redirect(to: "/login")
            response.setCookie(Self.cookie("", request: request, maxAge: 0))
            return response
        }
    }

    func logIn(_ request: Request, context: WebRequestContext) async throws -> Response {
        let next = Self.safeNext(context.form["next"])
        guard let password, let id = context.session?.id else { return WebViews.redirect(to: next) }
        guard SecretToken.equal(context.form["password"] ?? "", password) else {
            let model = LoginPage(chrome: chrome.make(context, title: "Log in"), next: next, error: "Wrong password.")
            return views.page("login", model, status: .unauthorized)
        }
        let session = await sessions.logIn(replacing: id)
        var response = WebViews.redirect(to: next)
        response.setCookie(Self.cookie(session.id, request: request))
        return response
    }

    /// Where to go after logging in: a path of this site only, never another site.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/" }
        return next
    }

    /// The session cookie: `HttpOnly`, `SameSite=Strict`, and `Secure` when the request came
    /// through HTTPS (a proxy's `X-Forwarded-Proto: https`).
    static func cookie(_ value: String, request: Request, maxAge: Int? = nil) -> Cookie {
        Cookie(
            name: SessionMiddleware.cookieName, value: value, maxAge: maxAge, path: "/", secure: SessionMiddleware.isHTTPS(request), httpOnly: true,
            sameSite: .strict)
    }
}
