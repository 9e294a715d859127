import Foundation

/// JSON as text, for the merge: an item's fields are kept as the JSON text of their values,
/// so a snapshot is split into its members without decoding them, and an item is put back
/// together by joining member texts. Both are single passes over the bytes, where a
/// round trip through `JSONSerialization` re-encoded every value (an article's whole text)
/// several times.
enum JSONText {
    /// The top-level members of a JSON object, each value as its exact JSON text; nil when
    /// `json` is not an object or its structure is broken (unbalanced brackets, an unclosed
    /// string, a missing colon or comma). Values are not checked further: the server checks
    /// changes with a full parser before it accepts them (`SyncLog.problem(with:)`).
    static func members(_ json: String) -> [String: String]? {
        var text = json
        return text.withUTF8 { bytes -> [String: String]? in
            var scanner = Scanner(bytes: bytes)
            scanner.skipSpace()
            guard scanner.take(UInt8(ascii: "{")) else { return nil }
            var members: [String: String] = [:]
            scanner.skipSpace()
            if scanner.take(UInt8(ascii: "}")) { return scanner.atEndAfterSpace() ? members : nil }
            while true {
                scanner.skipSpace()
                guard let keyRange = scanner.skipString(), let key = decodeKey(bytes[keyRange]) else { return nil }
                scanner.skipSpace()
                guard scanner.take(UInt8(ascii: ":")) else { return nil }
                scanner.skipSpace()
                let start = scanner.position
                guard scanner.skipValue(), scanner.position > start else { return nil }
                members[key] = String(decoding: bytes[start..<scanner.position], as: UTF8.self)
                scanner.skipSpace()
                if scanner.take(UInt8(ascii: ",")) { continue }
                guard scanner.take(UInt8(ascii: "}")) else { return nil }
                return scanner.atEndAfterSpace() ? members : nil
            }
        }
    }

    /// A JSON object made of member texts (each a JSON value), keys in sorted order.
    static func object(_ members: [String: String]) -> String {
        var result = "{"
        for (index, key) in members.keys.sorted().enumerated() {
            if index > 0 { result += "," }
            result += string(key)
            result += ":"
            result += members[key] ?? "null"
        }
        return result + "}"
    }

    /// A string as a JSON string literal.
    static func string(_ value: String) -> String {
        var result = "\""
        result.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// The string a JSON string literal stands for (`json` is the literal, quotes included);
    /// nil when `json` is anything else, or a literal this reader leaves to a full decoder (a
    /// raw control character, an unknown escape, a surrogate escape without its pair). One pass
    /// over the bytes: an article's text decoded by `JSONDecoder` was a large part of building
    /// the article from its merged fields.
    static func stringValue(_ json: String) -> String? {
        var json = json
        return json.withUTF8 { bytes -> String? in
            let (quote, backslash) = (UInt8(ascii: "\""), UInt8(ascii: "\\"))
            guard bytes.count >= 2, bytes[0] == quote, bytes[bytes.count - 1] == quote else { return nil }
            let inner = UnsafeBufferPointer(rebasing: bytes[1..<(bytes.count - 1)])
            /// The index of the next byte that is not plain text, from `start` (the end if none).
            func nextSpecial(from start: Int) -> Int {
                var index = start
                while index < inner.count {
                    let byte = inner[index]
                    if byte == backslash || byte == quote || byte < 0x20 { return index }
                    index += 1
                }
                return index
            }
            var index = nextSpecial(from: 0)
            if index == inner.count { return String(decoding: inner, as: UTF8.self) }
            var output: [UInt8] = []
            output.reserveCapacity(inner.count)
            output.append(contentsOf: UnsafeBufferPointer(rebasing: inner[..<index]))
            /// The four hex digits at `index`, moving past them.
            func hex() -> UInt32? {
                guard index + 4 <= inner.count else { return nil }
                var value: UInt32 = 0
                for byte in inner[index..<(index + 4)] {
                    guard let digit = hexDigit(byte) else { return nil }
                    value = value << 4 | digit
                }
                index += 4
                return value
            }
            while index < inner.count {
                // `index` is at a backslash here: a quote or a control character is refused.
                guard inner[index] == backslash, index + 1 < inner.count else { return nil }
                let escaped = inner[index + 1]
                index += 2
                switch escaped {
                case quote, backslash, UInt8(ascii: "/"): output.append(escaped)
                case UInt8(ascii: "b"): output.append(0x08)
                case UInt8(ascii: "f"): output.append(0x0C)
                case UInt8(ascii: "n"): output.append(0x0A)
                case UInt8(ascii: "r"): output.append(0x0D)
                case UInt8(ascii: "t"): output.append(0x09)
                case UInt8(ascii: "u"):
                    guard var code = hex() else { return nil }
                    if (0xD800...0xDBFF).contains(code) {
                        // A pair of escapes for one scalar beyond the first plane.
                        guard index + 2 <= inner.count, inner[index] == backslash, inner[index + 1] == UInt8(ascii: "u") else { return nil }
                        index += 2
                        guard let low = hex(), (0xDC00...0xDFFF).contains(low) else { return nil }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { return nil }
                    UTF8.encode(scalar) { output.append($0) }
                default:
                    return nil
                }
                let next = nextSpecial(from: index)
                output.append(contentsOf: UnsafeBufferPointer(rebasing: inner[index..<next]))
                index = next
            }
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// The strings of a JSON array of string literals (as `strings` writes it, spaces allowed
    /// around its parts); nil for anything else, or a literal `stringValue` leaves to a full
    /// decoder.
    static func stringArray(_ json: String) -> [String]? {
        var text = json
        return text.withUTF8 { bytes -> [String]? in
            var scanner = Scanner(bytes: bytes)
            scanner.skipSpace()
            guard scanner.take(UInt8(ascii: "[")) else { return nil }
            var strings: [String] = []
            scanner.skipSpace()
            if scanner.take(UInt8(ascii: "]")) { return scanner.atEndAfterSpace() ? strings : nil }
            while true {
                scanner.skipSpace()
                guard let range = scanner.skipString(), let string = stringValue(String(decoding: bytes[range], as: UTF8.self)) else {
                    return nil
                }
                strings.append(string)
                scanner.skipSpace()
                if scanner.take(UInt8(ascii: ",")) { continue }
                guard scanner.take(UInt8(ascii: "]")) else { return nil }
                return scanner.atEndAfterSpace() ? strings : nil
            }
        }
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// An array of strings as JSON text.
    static func strings(_ values: [String]) -> String {
        "[" + values.map(string).joined(separator: ",") + "]"
    }

    /// The text of a key (the bytes between its quotes): as it is unless it has escapes.
    private static func decodeKey(_ quoted: Slice<UnsafeBufferPointer<UInt8>>) -> String? {
        let inner = quoted.dropFirst().dropLast()
        guard inner.contains(UInt8(ascii: "\\")) else { return String(decoding: inner, as: UTF8.self) }
        return try? JSONDecoder().decode(String.self, from: Data(quoted))
    }

    /// A cursor over JSON bytes that skips whole values.
    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        mutating func skipSpace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x0A, 0x0D, 0x09: position += 1
                default: return
                }
            }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        mutating func atEndAfterSpace() -> Bool {
            skipSpace()
            return position == bytes.count
        }

        /// Skips a string literal; the range of its bytes, quotes included.
        mutating func skipString() -> Range<Int>? {
            let start = position
            guard take(UInt8(ascii: "\"")) else { return nil }
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: "\""):
                    position += 1
                    return start..<position
                case UInt8(ascii: "\\"): position += 2
                case 0..<0x20: return nil  // control characters must be escaped
                default: position += 1
                }
            }
            return nil
        }

        /// Skips one value: a string, an object or array (with everything in it), or a
        /// literal or number.
        mutating func skipValue() -> Bool {
            guard position < bytes.count else { return false }
            switch bytes[position] {
            case UInt8(ascii: "\""):
                return skipString() != nil
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var closers: [UInt8] = []
                while position < bytes.count {
                    switch bytes[position] {
                    case UInt8(ascii: "\""):
                        guard skipString() != nil else { return false }
                        continue
                    case UInt8(ascii: "{"): closers.append(UInt8(ascii: "}"))
                    case UInt8(ascii: "["): closers.append(UInt8(ascii: "]"))
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        guard closers.popLast() == bytes[position] else { return false }
                        if closers.isEmpty {
                            position += 1
                            return true
                        }
                    default: break
                    }
                    position += 1
                }
                return false
            default:
                // true, false, null or a number: up to the next delimiter.
                let start = position
                while position < bytes.count, !",}] \n\r\t".utf8.contains(bytes[position]) { position += 1 }
                let word = String(decoding: bytes[start..<position], as: UTF8.self)
                if ["true", "false", "null"].contains(word) { return true }
                guard let first = word.utf8.first, first == UInt8(ascii: "-") || (0x30...0x39).contains(first),
                    word.utf8.allSatisfy({ "0123456789+-.eE".utf8.contains($0) })
                else { return false }
                return Double(word) != nil
            }
        }
    }
}
