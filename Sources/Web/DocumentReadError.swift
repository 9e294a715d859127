import Extraction
import Foundation

/// Why a saved file gave no article.
public enum DocumentReadError: Error, Sendable, Equatable, CustomStringConvertible {
    case document(DocumentError)
    case extraction(source: String, ExtractionError)

    public var description: String {
        switch self {
        case .document(let error): return error.description
        case .extraction(let source, let error): return "\(source): \(error.description)"
        }
    }
}
