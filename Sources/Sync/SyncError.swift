import HTTP

/// Why a sync failed, in words for the user.
package enum SyncError: Error, Sendable, Equatable, CustomStringConvertible {
    case notLoggedIn
    case notAuthorized(server: String)
    case serverError(server: String, status: Int, message: String)
    case badAnswer(server: String)
    /// Pulled changes would move too many articles and notes to the trash or delete them.
    case tooManyRemovals(count: Int, library: Int)
    /// The server's URL is not one folio can reach (http or https).
    case invalidServerURL(String)
    /// No HTTP answer from the server (cannot connect, timed out, TLS…); the message names it.
    case unreachable(String)

    package var description: String {
        switch self {
        case .notLoggedIn: return "not logged in to a sync server: run `folio login URL --token TOKEN` first"
        case .notAuthorized(let server): return "\(server) refused the token (401): log in again with a new token"
        case .serverError(let server, let status, let message):
            return "\(server) answered \(status)\(message.isEmpty ? "" : ": \(message)")"
        case .badAnswer(let server): return "\(server) answered something that is not the Folio sync protocol; check the URL"
        case .invalidServerURL(let url): return TransportError.invalidURL(url).description
        case .unreachable(let message): return message
        case .tooManyRemovals(let count, let library):
            return "stopped: this sync would move \(count) of your \(library) articles and notes to the trash or delete them; "
                + "if the server is the right one and that is what you want, run `folio sync --force`"
        }
    }
}
