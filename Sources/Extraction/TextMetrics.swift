/// Length and comma count of a subtree's text with whitespace collapsed, counted over its UTF-8
/// bytes without building the string: scoring asks for them on every candidate, many times.
struct TextMetrics {
    /// Characters (Unicode scalars) once leading and trailing whitespace is trimmed and every inner run is one space.
    private(set) var length = 0
    /// Commas, in the scripts Readability counts (Latin, Arabic, CJK full-width and small forms).
    private(set) var commas = 0
    private var pendingSpace = false
    private var started = false

    mutating func add(_ node: HTMLNode) {
        if node.kind == .text {
            add(node.text)
        } else {
            for child in node.children { add(child) }
        }
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
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace {
                result.unicodeScalars.append(" ")
                pendingSpace = false
            }
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}
