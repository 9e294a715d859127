import HTTPTypes
import Hummingbird

/// Answers `405 Method Not Allowed`, with `Allow`, for a method that a path of the protocol
/// does not take (TRACE, PUT, QUERY, any other): without it the router answers 404, as for a
/// path that does not exist. Runs before routing, for every request.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The protocol's paths and the method each takes.
    let allowed: [String: HTTPRequest.Method]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var path = request.uri.path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        guard let method = allowed[path], request.method != method, !(method == .get && request.method == .head) else {
            return try await next(request, context)
        }
        var headers = HTTPFields()
        headers[.allow] = method == .get ? "GET, HEAD" : method.rawValue
        return Response(status: .methodNotAllowed, headers: headers)
    }
}
