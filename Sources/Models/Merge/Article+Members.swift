import Foundation

extension Article {
    /// The article that the merge's members (each a field's JSON text, as `MergeState` keeps
    /// them) describe, read member by member: what `JSONDecoder` makes of the same members
    /// joined into one object, without building that object or going through `Codable`, which
    /// took most of the time of making an article from its merged fields.
    ///
    /// Nil whenever a member is not in the plain form this reads (a member missing or of
    /// another type, an unknown state, a number written with an exponent): the caller then
    /// decodes the object with `JSONDecoder`, which reads or refuses it and says why. The
    /// derived fields are left as the members give them; the caller computes them.
    init?(members: [String: String]) {
        guard let id = members["id"].flatMap(JSONText.stringValue),
            let title = members["title"].flatMap(JSONText.stringValue),
            let content = members["content"].flatMap(JSONText.stringValue),
            let excerpt = members["excerpt"].flatMap(JSONText.stringValue),
            let savedAt = members["savedAt"].flatMap(Self.date),
            let updatedAt = members["updatedAt"].flatMap(Self.date),
            let wordCount = members["wordCount"].flatMap(Self.integer),
            let readingMinutes = members["readingMinutes"].flatMap(Self.integer),
            let tags = members["tags"].flatMap(JSONText.stringArray),
            let state = members["state"].flatMap(JSONText.stringValue).flatMap(State.init(rawValue:)),
            let starred = members["starred"].flatMap(Self.bool),
            let progress = members["progress"].flatMap(Self.double),
            let contentStatus = members["contentStatus"].flatMap(JSONText.stringValue).flatMap(ContentStatus.init(rawValue:)),
            let url = Self.optional(members["url"], JSONText.stringValue),
            let normalizedURL = Self.optional(members["normalizedURL"], JSONText.stringValue),
            let byline = Self.optional(members["byline"], JSONText.stringValue),
            let site = Self.optional(members["site"], JSONText.stringValue),
            let publishedAt = Self.optional(members["publishedAt"], Self.date),
            let trashedAt = Self.optional(members["trashedAt"], Self.date)
        else { return nil }
        self.init(title: title, content: "")
        self.id = id
        self.url = url
        self.normalizedURL = normalizedURL
        self.byline = byline
        self.site = site
        self.publishedAt = publishedAt
        self.savedAt = savedAt
        self.updatedAt = updatedAt
        self.content = content
        self.excerpt = excerpt
        self.wordCount = wordCount
        self.readingMinutes = readingMinutes
        self.tags = tags
        self.state = state
        self.starred = starred
        self.progress = progress
        self.contentStatus = contentStatus
        self.trashedAt = trashedAt
    }

    /// An optional member: `.some(nil)` when it is missing or null, `.some(value)` when it
    /// reads, nil (not readable here) otherwise.
    private static func optional<Value>(_ member: String?, _ read: (String) -> Value?) -> Value?? {
        guard let member, member != "null" else { return .some(nil) }
        return read(member).map { .some($0) } ?? nil
    }

    private static func date(_ member: String) -> Date? {
        JSONText.stringValue(member).flatMap(ISODate.parse)
    }

    private static func bool(_ member: String) -> Bool? {
        switch member {
        case "true": true
        case "false": false
        default: nil
        }
    }

    /// A whole number without sign, fraction or exponent other than a leading minus.
    private static func integer(_ member: String) -> Int? {
        let digits = member.utf8.first == UInt8(ascii: "-") ? member.utf8.dropFirst() : member.utf8[...]
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ (0x30...0x39).contains($0) }),
            digits.first != UInt8(ascii: "0") || digits.count == 1
        else { return nil }
        return Int(member)
    }

    /// A number with at most a fraction (no exponent), as JSON writes it.
    private static func double(_ member: String) -> Double? {
        let parts = member.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard integer(String(parts[0])) != nil || parts[0] == "-0" else { return nil }
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].utf8.count <= 17, parts[1].utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        }
        return Double(member).flatMap { $0.isFinite ? $0 : nil }
    }
}
