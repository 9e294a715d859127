import Foundation

/// What goes wrong in `folio-server`, in words for its administrator.
package enum ServerError: Error, CustomStringConvertible {
    case userExists(String)
    case noSuchUser(String)
    case noSuchDevice(String)
    case invalidName(String)
    case unsupportedDatabase(String)
    case cannotOpen(String)
    case internalFailure(String)

    package var description: String {
        switch self {
        case .userExists(let name): return "a user named \(name) already exists"
        case .noSuchUser(let name): return "no user is named \(name); `folio-server user list` shows them"
        case .noSuchDevice(let id): return "no known device has id \(id); `folio-server device list` shows them"
        case .invalidName(let name): return "\(name) is not a user name: use letters, digits, '.', '-' or '_'"
        case .unsupportedDatabase(let url): return "\(url): only a SQLite data folder is supported so far (PostgreSQL is to come)"
        case .cannotOpen(let reason): return "cannot open the server's store: \(reason)"
        case .internalFailure(let reason): return reason
        }
    }
}
