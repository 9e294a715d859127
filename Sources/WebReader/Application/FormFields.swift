import Foundation

/// The fields of an `application/x-www-form-urlencoded` body.
package struct FormFields: Sendable, Equatable {
    private var values: [String: [String]] = [:]

    package init() {}

    /// Parses a form body: `name=value` pairs joined by `&`, `+` for spaces, percent escapes.
    package init(encoded body: String) {
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            values[name, default: []].append(value)
        }
    }

    private static func decode(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// The fields of a `multipart/form-data` body, in their order.
    package init(pairs: [(name: String, value: String)]) {
        for (name, value) in pairs { values[name, default: []].append(value) }
    }

    /// The first value of a field.
    package subscript(_ name: String) -> String? {
        values[name]?.first
    }

    /// The first value of a field, trimmed; nil when empty.
    package func text(_ name: String) -> String? {
        guard let value = values[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }
}
