/// The sessions of the running reader, in memory: restarting `folio-web` logs everyone out.
package actor WebSessions {
    private var sessions: [String: WebSession] = [:]
    /// At most this many sessions are kept; the oldest go first (a client without cookies
    /// makes a new session per request).
    private let limit: Int
    private var order: [String] = []

    package init(limit: Int = 10_000) {
        self.limit = limit
    }

    /// The session with that cookie value, if it exists.
    package func session(id: String) -> WebSession? {
        sessions[id]
    }

    /// A new session, logged in when `authenticated`.
    package func create(authenticated: Bool) -> WebSession {
        let session = WebSession(id: SecretToken.make(), csrfToken: SecretToken.make(), authenticated: authenticated)
        sessions[session.id] = session
        order.append(session.id)
        if order.count > limit {
            let oldest = order.removeFirst()
            sessions[oldest] = nil
        }
        return session
    }

    /// A new logged-in session in place of `id`'s (a new cookie at login, so that a cookie
    /// set before it cannot ride on it).
    package func logIn(replacing id: String) -> WebSession {
        remove(id: id)
        return create(authenticated: true)
    }

    /// Ends a session (logging out).
    package func remove(id: String) {
        sessions[id] = nil
        order.removeAll { $0 == id }
    }
}
