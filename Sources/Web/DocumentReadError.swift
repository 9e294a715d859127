import Extraction
import Foundation

/// Why a saved file gave no article.
package enum DocumentReadError: Error, Sendable, Equatable, CustomStringConvertible {
    case document(DocumentError)
    case extraction(source: String, ExtractionError)

    package var description: String {
        switch self {
        case .document(let error): return error.description
        case .extraction(let source, let error): return "\(source): \(error.description)"
        }
    }
}
