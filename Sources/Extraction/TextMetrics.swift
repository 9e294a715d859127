/// Length and comma count of a subtree's text with whitespace collapsed, counted over its UTF-8
/// bytes without building the string: scoring asks for them on every candidate, many times.
struct TextMetrics {
    /// Characters (Unicode scalars) once leading and trailing whitespace is trimmed and every inner run is one space, an East
    /// Asian wide character counting `wideCharacterWeight`.
    private(set) var length = 0
    /// Commas, in the scripts Readability counts (Latin, Arabic, CJK full-width and small forms).
    private(set) var commas = 0
    private var pendingSpace = false
    private var started = false

    mutating func add(_ node: HTMLNode) {
        if node.kind == .text {
            add(node.textRun)
        } else {
            for child in node.children { add(child) }
        }
    }

    /// What a run of text adds to the metrics of the text before it, measured once: scoring asks for the length of the
    /// same text nodes many times (each node's text is scanned once, not once per ancestor that is measured).
    struct Run {
        /// The metrics of the text on its own (leading whitespace not counted, `pendingSpace` if it ends with whitespace).
        fileprivate let metrics: TextMetrics
        /// Whether the text begins with whitespace (a space before it once other text precedes it).
        fileprivate let startsWithSpace: Bool

        init(_ text: String) {
            var metrics = TextMetrics()
            metrics.add(text)
            self.metrics = metrics
            var bytes = text.utf8.makeIterator()
            switch bytes.next() {
            case .some(let byte) where byte == 0x20 || (byte >= 0x09 && byte <= 0x0D): startsWithSpace = true
            case .some(0xC2): startsWithSpace = bytes.next() == 0xA0
            default: startsWithSpace = false
            }
        }

        /// Whether the text has a character that is not whitespace.
        var hasText: Bool { metrics.started }
    }

    /// Adds a run of text measured on its own: the same as adding its text.
    mutating func add(_ run: Run) {
        guard run.metrics.started else {
            // Empty, or only whitespace.
            if run.metrics.pendingSpace { pendingSpace = true }
            return
        }
        if (pendingSpace || run.startsWithSpace) && started { length += 1 }
        length += run.metrics.length
        commas += run.metrics.commas
        started = true
        pendingSpace = run.metrics.pendingSpace
    }

    mutating func add(_ text: String) {
        var utf8 = text.utf8.makeIterator()
        var lead: UInt8 = 0
        while let byte = utf8.next() {
            if byte < 0x80 {
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                    pendingSpace = true
                    continue
                }
                countCharacter()
                if byte == 0x2C { commas += 1 }
                continue
            }
            if byte & 0xC0 == 0x80 {
                continue  // continuation byte: counted with its lead byte
            }
            lead = byte
            if lead == 0xC2 {
                // U+00A0 (no-break space) is whitespace to JavaScript's \s.
                if let next = utf8.next() {
                    if next == 0xA0 {
                        pendingSpace = true
                        continue
                    }
                }
                countCharacter()
                continue
            }
            countCharacter()
            if lead >= 0xE3 && TextMetrics.isWide(lead: lead, following: utf8) {
                length += TextMetrics.wideCharacterWeight - 1
            }
            if lead == 0xD8 || lead == 0xEF || lead == 0xE2 {
                // Possible non-Latin commas: U+060C (D8 8C), U+FE10/FE11/FE50 (EF B8 90, EF B8 91, EF B9 90),
                // U+FF0C (EF BC 8C), U+2E32/2E34/2E41 (E2 B8 B2, E2 B8 B4, E2 B9 81).
                var copy = utf8
                let second = copy.next()
                if lead == 0xD8 {
                    if second == 0x8C { commas += 1 }
                } else if let second, let third = copy.next() {
                    switch (lead, second, third) {
                    case (0xEF, 0xB8, 0x90), (0xEF, 0xB8, 0x91), (0xEF, 0xB9, 0x90), (0xEF, 0xBC, 0x8C),
                        (0xE2, 0xB8, 0xB2), (0xE2, 0xB8, 0xB4), (0xE2, 0xB9, 0x81):
                        commas += 1
                    default:
                        break
                    }
                }
            }
        }
    }

    /// How many characters of Latin text one character of the East Asian wide scripts counts for (Han, kana, Hangul,
    /// full-width forms: Unicode's East Asian Width "wide", two columns in a terminal): a character there carries a word
    /// or a syllable, so a lead of 60 ideographs is as long as one of 120 letters, and link density weighs a Latin link
    /// (an address, a URL) against the text beside it fairly.
    static let wideCharacterWeight = 2

    /// Whether the UTF-8 sequence that begins with `lead` (a lead byte of a 3- or 4-byte sequence) and goes on with the
    /// bytes of `following` is an East Asian wide character: U+3000–U+9FFF (CJK punctuation, kana, Han), U+AC00–U+D7FF
    /// (Hangul), U+F900–U+FAFF (compatibility ideographs), U+FF01–U+FF60 (full-width forms), U+20000–U+3FFFF (Han).
    static func isWide(lead: UInt8, following: String.UTF8View.Iterator) -> Bool {
        var bytes = following
        guard let second = bytes.next() else { return false }
        switch lead {
        case 0xE3...0xE9, 0xEB, 0xEC: return true
        case 0xEA: return second >= 0xB0
        case 0xED: return second < 0xA0
        case 0xEF:
            if second >= 0xA4 && second <= 0xAB { return true }
            guard let third = bytes.next() else { return false }
            return (second == 0xBC && third >= 0x81) || (second == 0xBD && third <= 0xA0)
        case 0xF0: return second >= 0xA0 && second <= 0xBF
        default: return false
        }
    }

    private mutating func countCharacter() {
        if pendingSpace && started { length += 1 }
        pendingSpace = false
        started = true
        length += 1
    }

    /// Call once all text is added (trailing whitespace is not counted; nothing to do today, kept for clarity).
    mutating func finish() {
        pendingSpace = false
    }

    /// Trims the text and turns every run of whitespace inside it into one space.
    static func normalize(_ text: String) -> String {
        // Copied a stretch at a time: words and the single spaces between them as they are, not scalar by scalar.
        let scalars = text.unicodeScalars
        var result = ""
        var stretchStart: String.Index?
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let next = scalars.index(after: index)
            if !isWhitespace(scalars[index]) {
                if stretchStart == nil { stretchStart = index }
            } else if scalars[index] == " ", stretchStart != nil, next < scalars.endIndex, !isWhitespace(scalars[next]) {
                // One space between two words stays in the stretch.
            } else if let start = stretchStart {
                if !result.isEmpty { result += " " }
                result += Substring(scalars[start..<index])
                stretchStart = nil
            }
            index = next
        }
        if let start = stretchStart {
            if start == scalars.startIndex { return text }  // already trimmed, with single spaces
            if !result.isEmpty { result += " " }
            result += Substring(scalars[start..<scalars.endIndex])
        }
        return result
    }

    /// Unicode's White_Space, without a property lookup for ASCII.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 { return scalar.value == 0x20 || (scalar.value >= 0x09 && scalar.value <= 0x0D) }
        return scalar.properties.isWhitespace
    }
}
