import Foundation
import Import
import Storage

/// What `folio import` did (or, with `--dry-run`, would do); `--json` prints it.
package struct ImportSummary: Encodable, Sendable {
    /// One skipped row: where, why, and its URL (shortened).
    package struct Skipped: Encodable, Sendable {
        package var file: String
        package var row: Int
        package var reason: String
        package var url: String

        package init(file: String, row: Int, reason: String, url: String) {
            self.file = file
            self.row = row
            self.reason = reason
            self.url = url
        }
    }

    package var dryRun: Bool
    package var formats: [String: String] = [:]
    package var added = 0
    /// Duplicates merged: within the files and into articles already saved.
    package var mergedDuplicates = 0
    package var highlightsAsNotes = 0
    package var notesAdded = 0
    package var notesAlreadyPresent = 0
    package var withoutDate = 0
    package var skipped: [Skipped] = []

    package init(dryRun: Bool) {
        self.dryRun = dryRun
    }

    /// Notes added that were not highlights (descriptions, a Folio export's notes).
    package var otherNotes: Int { max(0, notesAdded - highlightsAsNotes) }

    /// Skipped rows counted by reason, most frequent first.
    package var skippedByReason: [(reason: String, count: Int)] {
        Dictionary(grouping: skipped, by: \.reason).map { ($0.key, $0.value.count) }.sorted {
            $0.count > $1.count || ($0.count == $1.count && $0.reason < $1.reason)
        }
    }

    /// `added 5,912, merged 97 duplicates, 487 highlights as notes, skipped 3 (3 not a web page), 0 without a date`
    package var line: String {
        var parts = [
            "added \(Self.number(added))", "merged \(Self.number(mergedDuplicates)) duplicate\(mergedDuplicates == 1 ? "" : "s")",
            "\(Self.number(highlightsAsNotes)) highlight\(highlightsAsNotes == 1 ? "" : "s") as notes",
        ]
        if otherNotes > 0 { parts.append("\(Self.number(otherNotes)) other note\(otherNotes == 1 ? "" : "s")") }
        if skipped.isEmpty {
            parts.append("skipped 0")
        } else {
            let reasons = skippedByReason.map { "\(Self.number($0.count)) \($0.reason)" }.joined(separator: ", ")
            parts.append("skipped \(Self.number(skipped.count)) (\(reasons))")
        }
        parts.append("\(Self.number(withoutDate)) without a date")
        return parts.joined(separator: ", ")
    }

    /// 5912 → `5,912`.
    package static func number(_ value: Int) -> String {
        let digits = String(value)
        var result = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result += "," }
            result.append(character)
        }
        return result
    }

    enum CodingKeys: String, CodingKey {
        case dryRun, formats, added, mergedDuplicates, highlightsAsNotes, notesAdded, notesAlreadyPresent, withoutDate, skipped
    }
}
