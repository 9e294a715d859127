/// Why `folio-web` does not start, in words for the person who ran it.
package enum WebCommandError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A non-loopback address without a password.
    case passwordRequired(host: String)
    case unreadablePasswordFile(String)
    case emptyPassword(String)

    package var description: String {
        switch self {
        case .passwordRequired(let host):
            "listening on \(host) lets other machines in: give --password-file FILE or set FOLIO_WEB_PASSWORD (or keep --host 127.0.0.1)"
        case .unreadablePasswordFile(let path): "cannot read the password file \(path)"
        case .emptyPassword(let path): "the password file \(path) is empty: write the password on its first line"
        }
    }
}
