import Foundation

/// JSON as exports write it, read leniently: booleans as `true`, `1` or `"1"`, ids and numbers
/// as numbers or strings. Read with `JSONSerialization`, so any member a format does not know is
/// ignored.
enum LooseJSON {
    /// The top-level value of `data`; not JSON is a fatal error naming the file.
    static func parse(_ data: Data, file: String) throws(ImportError) -> Any {
        _ = try ImportText.decode(data, file: file)
        do {
            return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw .malformed(file: file, reason: "not valid JSON (\((error as NSError).userInfo[NSDebugDescriptionErrorKey] ?? "it ends early"))")
        }
    }

    static func string(_ value: Any?) -> String? {
        switch value {
        case let text as String:
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : text
        case let number as NSNumber: return number.stringValue
        default: return nil
        }
    }

    static func bool(_ value: Any?) -> Bool? {
        switch value {
        case let number as NSNumber: return number.boolValue
        case let text as String:
            switch text.trimmingCharacters(in: .whitespaces).lowercased() {
            case "1", "true", "yes": return true
            case "0", "false", "no", "": return false
            default: return nil
            }
        default: return nil
        }
    }

    static func double(_ value: Any?) -> Double? {
        switch value {
        case let number as NSNumber: return number.doubleValue
        case let text as String: return Double(text.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    /// A date written as an ISO string or an epoch number.
    static func date(_ value: Any?) -> Date? {
        switch value {
        case let number as NSNumber: return ImportDate.epoch(number.doubleValue)
        case let text as String: return ImportDate.parse(text)
        default: return nil
        }
    }

    /// An array of strings, or of objects with a `name` (labels), or one comma-separated string.
    static func names(_ value: Any?) -> [String] {
        switch value {
        case let array as [Any]:
            return array.compactMap { element in
                if let object = element as? [String: Any] { return string(object["name"] ?? object["label"] ?? object["slug"]) }
                return string(element)
            }
        case let text as String: return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        default: return []
        }
    }

    /// The objects of a JSON array; anything else is a fatal error naming the file.
    static func objects(_ value: Any, file: String, what: String) throws(ImportError) -> [[String: Any]] {
        guard let array = value as? [Any] else { throw .malformed(file: file, reason: "expected a JSON array of \(what)") }
        return array.compactMap { $0 as? [String: Any] }
    }
}
