import Foundation

/// A short summary of the changes a library is made of, for comparing a device with the
/// server (`folio sync --verify`): per kind, the number of changes and a hash of their item
/// ids and versions (timestamps). The hash is a wrapping sum of a 64-bit FNV-1a per change,
/// so it does not depend on order and can be kept up to date change by change.
package struct LibraryDigest: Sendable, Codable, Hashable {
    /// One kind's changes.
    package struct Kind: Sendable, Codable, Hashable {
        package var count: Int
        /// Sixteen hexadecimal digits.
        package var hash: String

        package init(count: Int = 0, hash: String = String(repeating: "0", count: 16)) {
            self.count = count
            self.hash = hash
        }
    }

    package var articles: Kind
    package var notes: Kind
    /// The server's newest sequence number when it made the digest (nil from a device): a
    /// device compares only when it has pulled up to there.
    package var sequence: Int64?
    /// Per kind, the changes that decide what the items are now
    /// (`LibraryDigest.essentials(of:)`): the same however much of their history each side
    /// compacted. Absent from servers that do not compact.
    package var currentArticles: Kind?
    package var currentNotes: Kind?

    package init(
        articles: Kind = Kind(), notes: Kind = Kind(), sequence: Int64? = nil, currentArticles: Kind? = nil, currentNotes: Kind? = nil
    ) {
        self.articles = articles
        self.notes = notes
        self.sequence = sequence
        self.currentArticles = currentArticles
        self.currentNotes = currentNotes
    }

    /// Whether two digests describe the same library (the sequence aside): what the items are
    /// now when both sides say, otherwise every change held.
    package func sameChanges(as other: LibraryDigest) -> Bool {
        if let currentArticles, let currentNotes, let otherArticles = other.currentArticles, let otherNotes = other.currentNotes {
            return currentArticles == otherArticles && currentNotes == otherNotes
        }
        return articles == other.articles && notes == other.notes
    }

    /// A running digest: changes are added (and, for changes a server refused, taken out)
    /// one at a time, in any order.
    package struct Tally: Sendable, Codable, Hashable {
        package var articleCount = 0
        package var articleSum: UInt64 = 0
        package var noteCount = 0
        package var noteSum: UInt64 = 0

        package init() {}

        private enum CodingKeys: String, CodingKey { case articleCount, articleSum, noteCount, noteSum }

        // The sums travel as hexadecimal text: JSON numbers do not hold 64 bits everywhere.
        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            func sum(_ key: CodingKeys) throws -> UInt64 {
                let text = try container.decode(String.self, forKey: key)
                guard let value = UInt64(text, radix: 16) else {
                    throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not a hexadecimal sum: \(text)")
                }
                return value
            }
            articleCount = try container.decode(Int.self, forKey: .articleCount)
            articleSum = try sum(.articleSum)
            noteCount = try container.decode(Int.self, forKey: .noteCount)
            noteSum = try sum(.noteSum)
        }

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(articleCount, forKey: .articleCount)
            try container.encode(String(articleSum, radix: 16), forKey: .articleSum)
            try container.encode(noteCount, forKey: .noteCount)
            try container.encode(String(noteSum, radix: 16), forKey: .noteSum)
        }

        /// The hash of one change: its item id and its timestamp.
        package static func hash(id: String, timestamp: String) -> UInt64 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in id.utf8 + [0x20] + timestamp.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
            return hash
        }

        package mutating func add(entity: Change.Entity, id: String, timestamp: String) {
            let hash = Self.hash(id: id, timestamp: timestamp)
            switch entity {
            case .article:
                articleCount += 1
                articleSum &+= hash
            case .note:
                noteCount += 1
                noteSum &+= hash
            }
        }

        package mutating func remove(entity: Change.Entity, id: String, timestamp: String) {
            let hash = Self.hash(id: id, timestamp: timestamp)
            switch entity {
            case .article:
                articleCount -= 1
                articleSum &-= hash
            case .note:
                noteCount -= 1
                noteSum &-= hash
            }
        }

        /// Adds one item's share: `count` changes whose hashes sum to `sum` (negative to take
        /// a share out).
        package mutating func add(entity: Change.Entity, count: Int, sum: UInt64) {
            switch entity {
            case .article:
                articleCount += count
                articleSum &+= sum
            case .note:
                noteCount += count
                noteSum &+= sum
            }
        }

        package mutating func add(_ other: Tally) {
            articleCount += other.articleCount
            articleSum &+= other.articleSum
            noteCount += other.noteCount
            noteSum &+= other.noteSum
        }

        /// The digest of these changes; with `current`, the tally of what the items are now.
        package func digest(sequence: Int64? = nil, current: Tally? = nil) -> LibraryDigest {
            LibraryDigest(
                articles: Kind(count: articleCount, hash: Self.hex(articleSum)), notes: Kind(count: noteCount, hash: Self.hex(noteSum)),
                sequence: sequence, currentArticles: current.map { Kind(count: $0.articleCount, hash: Self.hex($0.articleSum)) },
                currentNotes: current.map { Kind(count: $0.noteCount, hash: Self.hex($0.noteSum)) })
        }

        private static func hex(_ value: UInt64) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }
    }
}
