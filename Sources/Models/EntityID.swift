import Foundation

/// Identifiers of articles and notes: UUIDv7 strings generated on the device that creates the
/// item, in lowercase canonical form (`0193a4b2-7c1d-7e3f-8a9b-0c1d2e3f4a5b`).
///
/// UUIDv7 puts the creation time in the leading bits, so ids sort by creation and a device can
/// create them offline without coordination.
package enum EntityID {
    /// Makes a new UUIDv7 for the given instant.
    package static func make(at date: Date = Date()) -> String {
        var generator = SystemRandomNumberGenerator()
        return make(at: date, using: &generator)
    }

    /// Makes a new UUIDv7 with an injectable random source (for deterministic tests).
    package static func make<G: RandomNumberGenerator>(at date: Date, using generator: inout G) -> String {
        let millis = UInt64(max(0, (date.timeIntervalSince1970 * 1000).rounded(.down)))
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 {
            bytes[index] = UInt8((millis >> (8 * (5 - index))) & 0xFF)
        }
        for index in 6..<16 {
            bytes[index] = UInt8.random(in: 0...255, using: &generator)
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x70  // version 7
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        // Written out digit by digit: `String(format:)` per byte was most of an import's id cost.
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether `text` is a complete id in canonical form.
    package static func isValid(_ text: String) -> Bool {
        let hex = text.replacingOccurrences(of: "-", with: "")
        return text.count == 36 && hex.count == 32 && hex.allSatisfy(\.isHexDigit)
            && dashed(hex.lowercased()) == text.lowercased()
    }

    /// Turns what a user typed as an id prefix (with or without dashes, any case) into the
    /// prefix of a canonical id, or nil when it is not hexadecimal.
    package static func canonicalPrefix(_ typed: String) -> String? {
        let hex = typed.lowercased().replacingOccurrences(of: "-", with: "")
        guard !hex.isEmpty, hex.count <= 32, hex.allSatisfy({ $0.isHexDigit }) else { return nil }
        return dashed(hex)
    }

    /// The number of hex digits of `id` needed to tell it apart from its sorted neighbours,
    /// never fewer than `minimum`.
    package static func uniquePrefixLength(of id: String, neighbours: [String], minimum: Int = 8) -> Int {
        let hex = Array(id.replacingOccurrences(of: "-", with: ""))
        var length = minimum
        for neighbour in neighbours where neighbour != id {
            length = max(length, commonPrefixLength(hex, Array(neighbour.replacingOccurrences(of: "-", with: ""))) + 1)
        }
        return min(length, hex.count)
    }

    /// The first `hexDigits` hex digits of `id`, shown with the dashes of the canonical form.
    package static func prefix(of id: String, hexDigits: Int) -> String {
        let hex = id.replacingOccurrences(of: "-", with: "")
        return dashed(String(hex.prefix(hexDigits)))
    }

    /// The hex digits of an id's random tail: its last group, the 12 hex digits after the last
    /// dash. UUIDv7 puts the clock first, so ids made close together share long prefixes; the
    /// tail is random, so a few of its digits tell ids apart the way git abbreviates hashes.
    package static let tailLength = 12

    /// The offset of the tail in a canonical id, 1-based as SQL's `substr` counts
    /// (`substr(id, 25)` is the tail).
    package static let tailOffset = 25

    /// The last 12 hex digits of a canonical id.
    package static func tail(of id: String) -> String {
        String(id.suffix(tailLength))
    }

    /// What a user typed, read as the start of an id's tail: 1 to 12 hex digits without dashes,
    /// in lowercase; nil otherwise (then it can only be a prefix of the full id).
    package static func tailPrefix(_ typed: String) -> String? {
        let hex = typed.lowercased()
        guard !hex.isEmpty, hex.count <= tailLength, hex.allSatisfy({ $0.isHexDigit }) else { return nil }
        return hex
    }

    /// The shortest tail length a library of `count` articles and notes shows: one hex digit
    /// more than needed to count them, never fewer than 4. With `count` items and 16^length
    /// possible tails, about count / 16^length ≤ 1/16 of the other items share a given short id,
    /// so what `add` prints usually stays unique while the library grows sixteenfold.
    package static func shortLength(forCount count: Int) -> Int {
        var length = 1
        var capacity = 16
        while capacity < count, length < tailLength {
            length += 1
            capacity = capacity.multipliedReportingOverflow(by: 16).overflow ? Int.max : capacity * 16
        }
        return min(tailLength, max(4, length + 1))
    }

    /// The number of tail digits needed to tell `tail` apart from its sorted neighbours (other
    /// tails), never fewer than `minimum`; nil when a neighbour has the very same tail (then
    /// only the full id tells them apart).
    package static func uniqueTailLength(of tail: String, neighbours: [String], minimum: Int) -> Int? {
        // Tails are hex digits: compared as bytes, without breaking them into characters (a
        // tenth of a short search's instructions went there).
        if tail.utf8.allSatisfy({ $0 < 0x80 }), neighbours.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) {
            let digits = Array(tail.utf8)
            var length = minimum
            for neighbour in neighbours {
                let common = zip(digits, neighbour.utf8).prefix { $0 == $1 }.count
                if common == digits.count { return nil }
                length = max(length, common + 1)
            }
            return min(length, digits.count)
        }
        let digits = Array(tail)
        var length = minimum
        for neighbour in neighbours {
            let common = commonPrefixLength(digits, Array(neighbour))
            if common == digits.count { return nil }
            length = max(length, common + 1)
        }
        return min(length, digits.count)
    }

    /// How many leading characters `a` and `b` share.
    private static func commonPrefixLength(_ a: [Character], _ b: [Character]) -> Int {
        zip(a, b).prefix { $0 == $1 }.count
    }

    /// Inserts dashes at the canonical positions (after hex digits 8, 12, 16 and 20).
    static func dashed(_ hex: String) -> String {
        var result = ""
        result.reserveCapacity(36)
        for (index, character) in hex.enumerated() {
            if index == 8 || index == 12 || index == 16 || index == 20 { result.append("-") }
            result.append(character)
        }
        return result
    }
}
