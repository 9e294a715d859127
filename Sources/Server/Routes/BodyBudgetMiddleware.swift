import Hummingbird

/// Holds a request's share of `BodyBudget` while it is handled (its body read, decoded and
/// stored): a request that finds the budget spent is answered `503` with `Retry-After`, which
/// clients retry, before any of its body is read.
struct BodyBudgetMiddleware<Context: RequestContext>: RouterMiddleware {
    let budget: BodyBudget

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let encoding = ProtocolBodies.contentEncoding(of: request)
        let share = BodyBudget.share(
            contentLength: request.headers[.contentLength].flatMap { Int($0) }, gzip: encoding == "gzip" || encoding == "x-gzip",
            limit: ProtocolBodies.uploadLimit)
        guard budget.take(share) else {
            throw HTTPError(.serviceUnavailable, headers: [.retryAfter: "1"], message: "the server is reading other large requests; try again")
        }
        defer { budget.give(share) }
        return try await next(request, context)
    }
}
