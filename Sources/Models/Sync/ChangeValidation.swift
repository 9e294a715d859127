import Foundation

/// What a pushed change may carry: the one check the server runs on every mutation (through
/// `SyncLog.problem(with:now:)`, which every backend calls), so that no device ever pulls a
/// change that would break it.
///
/// - The item id and the clock's device id are ids; the clock's counter fits its 5-digit text
///   form; its wall time is not before 1970 nor more than a day ahead of the server's clock
///   (a change from the year 2500 would win every later edit, and move every device's clock).
/// - Every field Folio knows has the JSON type Folio writes: a date is an ISO-8601 date, a flag
///   a boolean, a progress a number from 0 to 1. A field or an enum value Folio does not know
///   is accepted: a newer Folio may write it, and devices keep it without deleting anything.
package enum ChangeValidation {
    /// How far ahead of the server's clock a change's wall time may be.
    package static let maximumClockLead: Int64 = 86_400_000

    /// The largest value a change may carry, in bytes of JSON: an article at the limit of
    /// `folio add` (`ArticleDraft.sizeLimit`, 20 MB) with room for escaping, and well under
    /// the 64 MB a request body may have. Devices set larger changes aside without sending
    /// them, so one can never block the others.
    package static let maximumValueBytes = 48_000_000

    /// The JSON shape a known field must have.
    enum Kind {
        case string
        case optionalString
        case date
        case optionalDate
        case bool
        case fraction
        case count
        case optionalID
        case tags
        /// A note body: a JSON string, or `{"text": …, "base": […]}` (`NoteBodyEdit`).
        case noteBody
        /// Anything (kept for fields whose shape belongs to the merge, such as conflicts).
        case any
    }

    static let articleFields: [String: Kind] = [
        "id": .string, "url": .optionalString, "normalizedURL": .optionalString, "title": .string,
        "byline": .optionalString, "site": .optionalString, "publishedAt": .optionalDate, "savedAt": .date,
        "updatedAt": .date, "content": .string, "excerpt": .string, "wordCount": .count, "readingMinutes": .count,
        "tags": .tags, "state": .string, "starred": .bool, "progress": .fraction, "contentStatus": .string,
        "trashedAt": .optionalDate,
    ]

    static let noteFields: [String: Kind] = [
        "id": .string, "articleID": .optionalID, "quote": .optionalString, "body": .noteBody, "tags": .tags,
        "createdAt": .date, "updatedAt": .date, "trashedAt": .optionalDate, "conflicts": .any,
    ]

    /// Why `change` cannot be accepted at server time `now`; nil when it can.
    package static func problem(with change: Change, now: Date) -> String? {
        guard EntityID.isValid(change.entityID) else { return "\(change.entityID.prefix(40)) is not an item id" }
        if let size = change.value?.utf8.count, size > maximumValueBytes {
            return "the value is \(size / 1_000_000) MB, more than the \(maximumValueBytes / 1_000_000) MB a change may carry"
        }
        if let problem = problem(with: change.timestamp, now: now) { return problem }
        let fields = change.entity == .article ? articleFields : noteFields
        switch change.operation {
        case .create:
            guard let value = change.value, case .object(let object)? = JSONValue.parse(value) else {
                return "a create needs the item as a JSON object"
            }
            for (name, fieldValue) in object {
                if let kind = fields[name], !matches(fieldValue, kind) { return "\(name) has the wrong type for a \(change.entity.rawValue)" }
            }
        case .update:
            guard let field = change.field, !field.isEmpty else { return "an update needs a field" }
            guard let value = change.value, let parsed = JSONValue.parse(value) else { return "the value of \(field) is not JSON" }
            if let kind = fields[field], !matches(parsed, kind) { return "\(field) has the wrong type for a \(change.entity.rawValue)" }
        case .tagAdd, .tagRemove:
            guard let value = change.value, (try? JSONDecoder().decode(String.self, from: Data(value.utf8))) != nil else {
                return "a tag change needs the tag as a JSON string"
            }
        case .trash, .restore, .purge:
            break
        }
        return nil
    }

    /// Why a clock timestamp cannot be accepted at server time `now`; nil when it can.
    package static func problem(with timestamp: HLCTimestamp, now: Date) -> String? {
        guard EntityID.isValid(timestamp.deviceID) else { return "the clock's device \(timestamp.deviceID.prefix(40)) is not a device id" }
        guard (0...HLCTimestamp.maximumCounter).contains(timestamp.counter) else {
            return "the clock's counter \(timestamp.counter) is out of range (0 to \(HLCTimestamp.maximumCounter))"
        }
        let nowMillis = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
        guard timestamp.wallMillis >= 0 else { return "the clock's time is before 1970" }
        guard timestamp.wallMillis <= nowMillis + maximumClockLead else {
            return "the clock's time \(ISODate.format(timestamp.date)) is more than a day ahead of the server's"
        }
        return nil
    }

    static func matches(_ value: JSONValue, _ kind: Kind) -> Bool {
        switch (kind, value) {
        case (.any, _), (.string, .string), (.optionalString, .string), (.optionalString, .null), (.bool, .bool),
            (.optionalDate, .null), (.optionalID, .null):
            return true
        case (.date, .string(let text)), (.optionalDate, .string(let text)): return ISODate.parse(text) != nil
        case (.fraction, .number(let number)): return number.isFinite && (0...1).contains(number)
        case (.count, .number(let number)): return number.isFinite && number >= 0 && number.rounded() == number
        case (.optionalID, .string(let text)): return EntityID.isValid(text)
        case (.tags, .array(let items)): return items.allSatisfy { if case .string = $0 { true } else { false } }
        case (.noteBody, .string): return true
        case (.noteBody, .object(let members)):
            guard case .string = members["text"] else { return false }
            switch members["base"] {
            case nil: return true
            case .array(let base)?: return base.allSatisfy { if case .string(let text) = $0 { HLCTimestamp(text) != nil } else { false } }
            default: return false
            }
        default:
            return false
        }
    }
}
