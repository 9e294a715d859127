import Foundation

/// Why a document cannot be imported. Messages are written for the person who gave it.
package enum DocumentError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty(source: String)
    case tooLarge(source: String, bytes: Int, limit: Int)
    case binary(source: String)
    case invalidUTF8(source: String)

    package var description: String {
        switch self {
        case .empty(let source):
            return "\(source) is empty: there is nothing to save"
        case .tooLarge(let source, let bytes, let limit):
            return "\(source) is \(bytes / 1_000_000) MB, over the \(limit / 1_000_000) MB limit for one article"
        case .binary(let source):
            return "\(source) is a binary file, not text, Markdown or HTML"
        case .invalidUTF8(let source):
            return "\(source) is not valid UTF-8 text; convert it first (for example with iconv)"
        }
    }
}
