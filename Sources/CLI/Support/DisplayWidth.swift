import Foundation

/// How many terminal columns text takes, and cutting it to fit: wide East Asian characters and
/// emoji take two columns, combining marks none, everything else one.
enum DisplayWidth {
    /// The columns `text` takes on a terminal.
    static func of(_ text: some StringProtocol) -> Int {
        // Printable ASCII, most text, is one column a byte: no grapheme breaking needed.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        return text.reduce(0) { $0 + of($1) }
    }

    /// The columns the text of these UTF-8 bytes takes (a whole string's bytes, or a slice of
    /// them cut at scalar boundaries).
    static func of(utf8 bytes: Substring.UTF8View) -> Int {
        if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return bytes.count }
        let text = Substring(bytes)
        return singleColumnScalars(text.unicodeScalars) ?? of(text)
    }

    /// The columns of text made only of scalars that are each a character of one column
    /// (printable Latin, general punctuation, the private-use marks a search's snippets carry):
    /// their count, without breaking the text into characters; nil when any scalar may be
    /// otherwise (a mark that joins the one before it, a wide or zero-width one).
    static func singleColumnScalars(_ scalars: Substring.UnicodeScalarView) -> Int? {
        var count = 0
        for scalar in scalars {
            guard isSingleColumn(scalar.value) else { return nil }
            count += 1
        }
        return count
    }

    /// Scalars that are a character of one column on their own and never join a neighbour
    /// into one character (`DisplayWidthTests` checks every one against `of(_: Character)`).
    static func isSingleColumn(_ value: UInt32) -> Bool {
        switch value {
        case 0x20..<0x7F, 0xA0..<0xAD, 0xAE..<0x300, 0x2010...0x2027, 0x2030...0x205E, 0xE000...0xF8FF: true
        default: false
        }
    }

    /// The columns one character (grapheme cluster) takes.
    static func of(_ character: Character) -> Int {
        if let ascii = character.asciiValue { return ascii >= 0x20 && ascii < 0x7F ? 1 : 0 }
        guard let first = character.unicodeScalars.first else { return 0 }
        if character.unicodeScalars.count > 1, character.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation }) {
            return 2
        }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        return isWide(first.value) ? 2 : 1
    }

    /// `text` cut to at most `width` columns, ending with `…` when something was cut.
    static func truncate(_ text: String, to width: Int) -> String {
        guard of(text) > width else { return text }
        guard width > 0 else { return "" }
        var result = ""
        var used = 0
        for character in text {
            let columns = of(character)
            if used + columns > width - 1 { break }
            result.append(character)
            used += columns
        }
        while result.last?.isWhitespace == true { result.removeLast() }
        return result + "…"
    }

    /// Text on one line: line breaks (`\n`, `\r`, vertical tab, form feed, U+0085, U+2028,
    /// U+2029) and tabs become spaces, runs of them one space, none at either end.
    ///
    /// One pass over the UTF-8 bytes: the separators are whole scalars, so it needs no grapheme
    /// breaking (splitting by characters was a tenth of a search's instructions).
    static func oneLine(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var spaceDue = false
        var index = 0
        while index < bytes.count {
            let separator = separatorLength(bytes, at: index)
            if separator > 0 {
                spaceDue = !result.isEmpty
                index += separator
                continue
            }
            if spaceDue {
                result.append(UInt8(ascii: " "))
                spaceDue = false
            }
            result.append(bytes[index])
            index += 1
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// The length in bytes of the space, tab or line break that starts at `index`, else 0.
    private static func separatorLength(_ bytes: [UInt8], at index: Int) -> Int {
        switch bytes[index] {
        case 0x09...0x0D, 0x20: return 1
        case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85: return 2
        case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
            return 3
        default: return 0
        }
    }

    /// `text` padded with spaces to `width` columns.
    static func pad(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - of(text)))
    }

    /// East Asian Wide and Fullwidth ranges, and the emoji blocks shown two columns wide.
    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
