import Hummingbird
import Logging

/// Puts the user of the request's bearer token in its context (`ServerRequestContext.user`);
/// answers 401 without a token or with one that was not issued. The token is compared exactly
/// as issued: no trimming, so a token with a space added is another token.
struct AuthenticationMiddleware: RouterMiddleware {
    let repository: any SyncRepository
    let logger: Logger

    /// The answer to a request without a bearer token.
    static let missingToken = HTTPError(.unauthorized, message: "missing bearer token: log in with `folio login URL --token TOKEN`")

    func handle(
        _ request: Request, context: ServerRequestContext, next: (Request, ServerRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw Self.missingToken
        }
        let token = String(header.dropFirst("Bearer ".count))
        let found = try await StoreFailure.guarded("authenticate", logger: logger) { try await repository.user(token: token) }
        guard let user = found else {
            throw HTTPError(.unauthorized, message: "unknown token: ask the server's administrator for a new one")
        }
        var context = context
        context.user = user
        return try await next(request, context)
    }
}
