import Foundation

/// A short summary of the changes a library is made of, for comparing a device with the
/// server (`folio sync --verify`): per kind, the number of changes and a hash of their item
/// ids and versions (timestamps). The hash is a wrapping sum of a 64-bit FNV-1a per change,
/// so it does not depend on order and can be kept up to date change by change.
public struct LibraryDigest: Sendable, Codable, Hashable {
    /// One kind's changes.
    public struct Kind: Sendable, Codable, Hashable {
        public var count: Int
        /// Sixteen hexadecimal digits.
        public var hash: String

        public init(count: Int = 0, hash: String = String(repeating: "0", count: 16)) {
            self.count = count
            self.hash = hash
        }
    }

    public var articles: Kind
    public var notes: Kind
    /// The server's newest sequence number when it made the digest (nil from a device): a
    /// device compares only when it has pulled up to there.
    public var sequence: Int64?

    public init(articles: Kind = Kind(), notes: Kind = Kind(), sequence: Int64? = nil) {
        self.articles = articles
        self.notes = notes
        self.sequence = sequence
    }

    /// Whether two digests describe the same changes (the sequence aside).
    public func sameChanges(as other: LibraryDigest) -> Bool {
        articles == other.articles && notes == other.notes
    }

    /// A running digest: changes are added (and, for changes a server refused, taken out)
    /// one at a time, in any order.
    public struct Tally: Sendable, Codable, Hashable {
        public var articleCount = 0
        public var articleSum: UInt64 = 0
        public var noteCount = 0
        public var noteSum: UInt64 = 0

        public init() {}

        private enum CodingKeys: String, CodingKey { case articleCount, articleSum, noteCount, noteSum }

        // The sums travel as hexadecimal text: JSON numbers do not hold 64 bits everywhere.
        public init(from decoder: any Decoder) throws {
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

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(articleCount, forKey: .articleCount)
            try container.encode(String(articleSum, radix: 16), forKey: .articleSum)
            try container.encode(noteCount, forKey: .noteCount)
            try container.encode(String(noteSum, radix: 16), forKey: .noteSum)
        }

        /// The hash of one change: its item id and its timestamp.
        public static func hash(id: String, timestamp: String) -> UInt64 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in id.utf8 + [0x20] + timestamp.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
            return hash
        }

        public mutating func add(entity: Change.Entity, id: String, timestamp: String) {
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

        public mutating func remove(entity: Change.Entity, id: String, timestamp: String) {
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

        public mutating func add(_ other: Tally) {
            articleCount += other.articleCount
            articleSum &+= other.articleSum
            noteCount += other.noteCount
            noteSum &+= other.noteSum
        }

        public func digest(sequence: Int64? = nil) -> LibraryDigest {
            func hex(_ value: UInt64) -> String {
                let text = String(value, radix: 16)
                return String(repeating: "0", count: 16 - text.count) + text
            }
            return LibraryDigest(
                articles: Kind(count: articleCount, hash: hex(articleSum)), notes: Kind(count: noteCount, hash: hex(noteSum)),
                sequence: sequence)
        }
    }
}
