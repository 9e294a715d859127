/// Why the sync configuration (`config.json`) cannot be used.
package enum SyncConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file is there but is not a Folio configuration.
    case unreadable(path: String)
    case unwritable(path: String, reason: String)

    package var description: String {
        switch self {
        case .unreadable(let path): "\(path) is not a Folio configuration; run `folio login` again"
        case .unwritable(let path, let reason): "cannot write \(path): \(reason)"
        }
    }
}
