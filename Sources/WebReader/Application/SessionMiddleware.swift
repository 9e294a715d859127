import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The rules every request passes through: a session cookie (`HttpOnly`, `SameSite=Strict`,
/// `Secure` behind HTTPS), the login when a password is set, the CSRF token on every
/// state-changing request, the security headers on every answer, and errors as pages.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext

    static let cookieName = "folio_session"

    /// No inline script or style, nothing from elsewhere but an article's images.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' http: https:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    let sessions: WebSessions
    let requiresLogin: Bool
    let views: WebViews
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let path = request.uri.path
        let existing: WebSession?
        if let id = request.cookies[Self.cookieName]?.value {
            existing = await sessions.session(id: id)
        } else {
            existing = nil
        }
        let session: WebSession
        if let existing {
            session = existing
        } else {
            session = await sessions.create(authenticated: !requiresLogin)
        }
        context.session = session
        var response: Response
        do {
            response = try await answer(request, context: &context, path: path, isNew: existing == nil, next: next)
        } catch let error as WebReaderError {
            if case .failure = error { logger.error("request failed", metadata: ["path": "\(path)"]) }
            response = errorPage(error, context: context)
        } catch let error as HTTPError {
            response = errorPage(
                error.status == .notFound ? .notFound("There is no page at \(path).") : .badRequest("\(error.status)"), context: context)
        } catch {
            logger.error("request failed", metadata: ["path": "\(path)", "error": "\(String(reflecting: error))"])
            response = errorPage(.failure, context: context)
        }
        // A new session's cookie, unless the route set one itself (logging in or out).
        if existing == nil && response.headers[.setCookie] == nil {
            response.setCookie(LoginRoutes.cookie(session.id, request: request))
        }
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "no-referrer"
        response.headers[.frameOptions] = "DENY"
        return response
    }

    /// Whether the request came through HTTPS (the reader behind a proxy that says so).
    static func isHTTPS(_ request: Request) -> Bool {
        request.headers[.forwardedProto]?.lowercased() == "https"
    }

    private func answer(
        _ request: Request, context: inout Context, path: String, isNew: Bool, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let session = context.session
        let open = path == "/login" || path.hasPrefix("/static/")
        switch request.method {
        case .get, .head:
            if session?.authenticated != true && !open {
                let target = request.uri.description
                return WebViews.redirect(to: "/login?next=" + (target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"))
            }
        case .post:
            let limit = path == "/import" ? WebRequestContext.maxImportSize : context.maxUploadSize
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: limit)
            } catch let error as HTTPError where error.status == .contentTooLarge {
                throw WebReaderError.tooLarge(limit: limit)
            }
            let contentType = request.headers[.contentType] ?? ""
            if contentType.lowercased().hasPrefix("application/x-www-form-urlencoded") {
                context.form = FormFields(encoded: String(buffer: body))
            } else if let boundary = MultipartForm.boundary(contentType: contentType) {
                let multipart = try MultipartForm(body: body, boundary: boundary)
                context.form = FormFields(pairs: multipart.fields)
                context.uploads = multipart.files
            }
            // A new session has no form of its own yet: its token cannot be right.
            guard !isNew, let session, let token = context.form["csrf"] ?? request.headers[.csrfToken],
                SecretToken.equal(token, session.csrfToken)
            else { throw WebReaderError.expiredForm }
            if !session.authenticated && !open {
                throw WebReaderError.expiredForm
            }
        default:
            return Response(status: .methodNotAllowed, headers: [.allow: "GET, HEAD, POST"])
        }
        return try await next(request, context)
    }

    private func errorPage(_ error: WebReaderError, context: Context) -> Response {
        let chrome = Chrome(pageTitle: error.heading, csrf: context.csrfToken, loggedIn: requiresLogin && context.session?.authenticated == true)
        return views.page("error", ErrorPage(chrome: chrome, heading: error.heading, detail: error.detail), status: error.status)
    }
}
