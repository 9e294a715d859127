import Extraction
import Foundation

/// Which URLs can be saved as articles.
package enum ImportURL {
    /// Why `url` cannot be an article (nil when it can): empty, another scheme than http(s)
    /// (`javascript:`, `mailto:`, `about:blank`, `place:`, `data:`), or relative.
    package static func problem(with url: String) -> ImportSkip.Reason? {
        let trimmed = url.trimmedImport
        if trimmed.isEmpty { return .noURL }
        let lower = trimmed.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return .notWebPage }
        guard let components = URLComponents(string: trimmed.replacingOccurrences(of: " ", with: "%20")),
            let host = components.host, !host.isEmpty
        else { return .notWebPage }
        return nil
    }

    /// The URL as saved in an export: HTML character references decoded (Pocket kept `&amp;`),
    /// white space and line breaks inside removed.
    package static func clean(_ raw: String) -> String {
        let decoded = raw.contains("&") ? HTMLEntities.decode(raw) : raw
        guard decoded.contains(where: \.isWhitespace) else { return decoded }
        return String(decoded.filter { !$0.isWhitespace })
    }
}
