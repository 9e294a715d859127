import Hummingbird

/// What the server knows of a request while it is handled: the user `AuthenticationMiddleware`
/// found for its bearer token, and the protocol's JSON coding (gzip both ways) as the
/// context's request decoder and response encoder.
package struct ServerRequestContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    /// The user of the request's token; set for every `/v1` route.
    package var user: ServerUser?

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        user = nil
    }

    /// The largest request body, as sent and once inflated (`ProtocolBodies.uploadLimit`).
    package var maxUploadSize: Int { ProtocolBodies.uploadLimit }

    package var requestDecoder: ProtocolRequestDecoder { ProtocolRequestDecoder() }

    package var responseEncoder: ProtocolResponseEncoder { ProtocolResponseEncoder() }

    /// The authenticated user; only `/v1` routes, behind `AuthenticationMiddleware`, ask.
    func authenticatedUser() throws -> ServerUser {
        guard let user else { throw AuthenticationMiddleware.missingToken }
        return user
    }
}
