/// One browser's session: its CSRF token, and whether it has logged in.
package struct WebSession: Sendable, Equatable {
    /// The session cookie's value.
    package var id: String
    /// The token every form and state-changing request must carry.
    package var csrfToken: String
    /// Whether the browser may see the pages (always, when no password is set).
    package var authenticated: Bool
}
