import HTTPTypes

extension HTTPField.Name {
    /// The CSRF token of a request sent by the page's script rather than a form.
    static let csrfToken = known("X-CSRF-Token")
    /// What a reverse proxy says of the browser's connection (`https` makes cookies `Secure`).
    static let forwardedProto = known("X-Forwarded-Proto")
    static let referrerPolicy = known("Referrer-Policy")
    static let frameOptions = known("X-Frame-Options")

    /// A header name written in this source, which is valid: the failable initializer only
    /// fails on characters a header name cannot hold.
    private static func known(_ name: String) -> HTTPField.Name {
        guard let field = HTTPField.Name(name) else { preconditionFailure("\(name) is not a header name") }
        return field
    }
}
