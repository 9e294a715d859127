import Foundation

/// The character encoding of a page, decided the way browsers do (a byte-order mark, then the HTTP
/// `Content-Type` charset, then a `<meta charset>` or `http-equiv` in the first bytes, then a guess)
/// and the conversion to UTF-8. The one rule for every text Folio reads from the web
/// (`Web.PageReader` decodes text pages with it too).
package enum Charset: Hashable {
    case utf8
    /// Windows-1252, which browsers also use for pages labelled ISO-8859-1 or US-ASCII.
    case windows1252
    case utf16LittleEndian
    case utf16BigEndian
    /// Any other encoding, by its label; libxml2 (through iconv) converts it when it knows the name.
    case other(String)

    /// How many bytes of the page the `<meta>` pre-scan reads (the HTML standard says 1,024; real
    /// pages often put long scripts first).
    static let prescanLength = 8192

    /// The encoding of `bytes`, and how many leading bytes are a byte-order mark to skip.
    package static func detect(_ bytes: [UInt8], contentType: String?) -> (charset: Charset, bomLength: Int) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if bytes.starts(with: [0xFF, 0xFE]) { return (.utf16LittleEndian, 2) }
        if bytes.starts(with: [0xFE, 0xFF]) { return (.utf16BigEndian, 2) }
        if let label = contentType.flatMap(charsetParameter), let charset = Charset(label: label) {
            return (charset, 0)
        }
        if let label = metaCharset(in: bytes.prefix(prescanLength)), var charset = Charset(label: label) {
            // A page that says UTF-16 in its own bytes cannot be UTF-16 (the standard says to read it as UTF-8).
            if charset == .utf16BigEndian || charset == .utf16LittleEndian { charset = .utf8 }
            // Pages saved from a browser are re-encoded as UTF-8 but often keep their old `<meta charset>`. Non-ASCII
            // text that is valid UTF-8 is almost never valid by chance, so it wins over a label inside the page.
            if charset != .utf8 && bytes.contains(where: { $0 >= 0x80 }) && isValidUTF8(bytes) { charset = .utf8 }
            return (charset, 0)
        }
        return (isValidUTF8(bytes) ? .utf8 : .windows1252, 0)
    }

    /// The encoding a label names, or nil for an empty label.
    init?(label: String) {
        let name = label.trimmingASCIIWhitespace().lowercased()
        switch name {
        case "":
            return nil
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8":
            self = .utf8
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1", "cp819", "ibm819", "iso-ir-100", "us-ascii", "ascii",
            "windows-1252", "cp1252", "x-cp1252", "iso-8859-15", "iso8859-15", "latin-9", "l9":
            // ISO-8859-15 differs from Windows-1252 in eight rarely used letters; reading it as 1252 beats guessing.
            self = .windows1252
        case "utf-16", "utf-16le", "utf16", "utf16le", "unicode", "ucs-2":
            self = .utf16LittleEndian
        case "utf-16be", "utf16be":
            self = .utf16BigEndian
        default:
            self = .other(name)
        }
    }

    /// The `charset=` parameter of a `Content-Type` value, or the value itself when it is a bare label.
    static func charsetParameter(_ contentType: String) -> String? {
        let lowered = contentType.lowercased()
        guard let range = lowered.range(of: "charset=") else {
            return lowered.contains("/") || lowered.contains(";") ? nil : lowered
        }
        let value = lowered[range.upperBound...].prefix { $0 != ";" && $0 != "," }
        return String(value).trimmingCharacters(in: "\"' \t")
    }

    /// The charset a `<meta charset>` or `<meta http-equiv content="...; charset=...">` names in the page's first bytes.
    static func metaCharset(in bytes: ArraySlice<UInt8>) -> String? {
        let lowered = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
        let meta = Array("<meta".utf8)
        let charset = Array("charset".utf8)
        var index = 0
        while let start = lowered.firstRange(of: meta, from: index) {
            let end = lowered[start...].firstIndex(of: UInt8(ascii: ">")) ?? lowered.count
            var search = start
            while let found = lowered.firstRange(of: charset, from: search, before: end) {
                var cursor = found + charset.count
                while cursor < end, lowered[cursor] == 0x20 || lowered[cursor] == 0x09 { cursor += 1 }
                if cursor < end, lowered[cursor] == UInt8(ascii: "=") {
                    cursor += 1
                    while cursor < end, lowered[cursor] == 0x20 || lowered[cursor] == 0x22 || lowered[cursor] == 0x27 { cursor += 1 }
                    var label: [UInt8] = []
                    while cursor < end, isLabelByte(lowered[cursor]) {
                        label.append(lowered[cursor])
                        cursor += 1
                    }
                    if !label.isEmpty { return String(decoding: label, as: UTF8.self) }
                }
                search = found + charset.count
            }
            index = end
        }
        return nil
    }

    private static func isLabelByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F || byte == 0x3A || byte == 0x2E
    }

    package static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue:
                continue
            case .emptyInput:
                return true
            case .error:
                return false
            }
        }
    }

    /// The text of `bytes` in this encoding as a Swift string, or nil for an encoding only libxml2 can convert.
    package func decode(_ bytes: ArraySlice<UInt8>) -> String? {
        switch self {
        case .utf8:
            // Invalid sequences become U+FFFD, as in browsers.
            return String(decoding: bytes, as: UTF8.self)
        case .windows1252:
            var scalars = String.UnicodeScalarView()
            scalars.reserveCapacity(bytes.count)
            for byte in bytes {
                if byte >= 0x80 && byte < 0xA0, let scalar = Unicode.Scalar(Charset.windows1252High[Int(byte - 0x80)]) {
                    scalars.append(scalar)
                } else {
                    scalars.append(Unicode.Scalar(byte))
                }
            }
            return String(scalars)
        case .utf16LittleEndian, .utf16BigEndian:
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            var index = bytes.startIndex
            while index + 1 < bytes.endIndex {
                let first = UInt16(bytes[index])
                let second = UInt16(bytes[index + 1])
                units.append(self == .utf16LittleEndian ? first | second << 8 : first << 8 | second)
                index += 2
            }
            return String(decoding: units, as: UTF16.self)
        case .other:
            return nil
        }
    }

    /// Windows-1252's characters for bytes 0x80 to 0x9F (the rest are Latin-1).
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]
}

extension Array where Element == UInt8 {
    /// The index where `pattern` first occurs at or after `start` and ends at or before `end` (default: the end).
    fileprivate func firstRange(of pattern: [UInt8], from start: Int, before end: Int? = nil) -> Int? {
        let limit = Swift.min(end ?? count, count)
        guard let first = pattern.first, limit >= pattern.count else { return nil }
        var index = Swift.max(start, 0)
        while index <= limit - pattern.count {
            if self[index] == first {
                var offset = 1
                while offset < pattern.count && self[index + offset] == pattern[offset] { offset += 1 }
                if offset == pattern.count { return index }
            }
            index += 1
        }
        return nil
    }
}

extension String {
    func trimmingASCIIWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }

    fileprivate func trimmingCharacters(in set: String) -> String {
        var result = Substring(self)
        while let first = result.first, set.contains(first) { result.removeFirst() }
        while let last = result.last, set.contains(last) { result.removeLast() }
        return String(result)
    }
}
