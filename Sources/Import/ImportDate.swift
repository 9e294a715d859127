import Foundation

/// Dates as exports write them: epoch numbers in seconds, milliseconds or microseconds (told
/// apart by magnitude), and ISO-8601 or close to it (`+0200` or `+02:00`, fractions, a space
/// instead of `T`).
package enum ImportDate {
    /// An epoch number: seconds below 10^11 (the year 5138), milliseconds below 10^14,
    /// microseconds above. Zero and negative numbers are no date.
    package static func epoch(_ value: Double) -> Date? {
        guard value.isFinite, value > 0 else { return nil }
        if value < 1e11 { return Date(timeIntervalSince1970: value) }
        if value < 1e14 { return Date(timeIntervalSince1970: value / 1e3) }
        return Date(timeIntervalSince1970: value / 1e6)
    }

    /// An epoch number written as text.
    package static func epoch(_ text: String) -> Date? {
        Double(text.trimmedImport).flatMap(epoch)
    }

    /// An ISO-8601 date or date-time, or an epoch number; nil when it is neither.
    package static func parse(_ raw: String) -> Date? {
        let text = raw.trimmedImport
        guard !text.isEmpty else { return nil }
        if text.allSatisfy({ $0.isNumber || $0 == "." }) { return epoch(text) }
        var scalars = Array(text)
        // A space between date and time (Readwise, SQL dumps) reads as `T`.
        if scalars.count > 10, scalars[10] == " " { scalars[10] = "T" }
        var normalized = String(scalars)
        // `+0200` → `+02:00`.
        if let match = normalized.range(of: #"[+-]\d{4}$"#, options: .regularExpression) {
            let zone = normalized[match]
            normalized.replaceSubrange(match, with: "\(zone.prefix(3)):\(zone.suffix(2))")
        }
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(normalized) { return date }
        if let date = try? Date.ISO8601FormatStyle().parse(normalized) { return date }
        // Without a zone: read as UTC.
        if normalized.count == 19, let date = try? Date.ISO8601FormatStyle().parse(normalized + "Z") { return date }
        if normalized.count > 19, !normalized.contains("Z"), !normalized.dropFirst(19).contains("+"),
            !normalized.dropFirst(19).contains("-"),
            let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(normalized + "Z")
        {
            return date
        }
        if normalized.count == 10, let date = try? Date.ISO8601FormatStyle().year().month().day().parse(normalized) { return date }
        return nil
    }
}
