import Foundation

/// The kinds of text document `folio add` reads as they are (HTML goes to the extractor).
package enum DocumentFormat: String, Sendable, CaseIterable {
    case text
    case markdown

    /// Guesses the format from a file name's extension, then from the first lines.
    package static func detect(fileName: String?, text: String) -> DocumentFormat {
        let lowered = fileName?.lowercased() ?? ""
        if lowered.hasSuffix(".md") || lowered.hasSuffix(".markdown") { return .markdown }
        let head = text.prefix(512).trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if head.hasPrefix("# ") || head.hasPrefix("## ") { return .markdown }
        return .text
    }
}
