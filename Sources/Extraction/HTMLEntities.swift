import CLibXML2

/// Character references in text that was HTML-escaped (titles and URLs in exports):
/// `&amp;`, `&eacute;`, `&#233;`, `&#xE9;`, with the names HTML defines (libxml2's table).
package enum HTMLEntities {
    /// `text` with its character references replaced by the characters they name; a `&` that
    /// starts no known reference stays as it is.
    package static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let afterAmpersand = rest.index(after: ampersand)
            let candidate = rest[afterAmpersand...].prefix(40)
            if let semicolon = candidate.firstIndex(of: ";"), let scalar = scalar(named: rest[afterAmpersand..<semicolon]) {
                result.unicodeScalars.append(scalar)
                rest = rest[rest.index(after: semicolon)...]
            } else {
                result += "&"
                rest = rest[afterAmpersand...]
            }
        }
        return result + rest
    }

    private static func scalar(named name: Substring) -> Unicode.Scalar? {
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value: UInt32? =
                digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            return value.flatMap(Unicode.Scalar.init)
        }
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
        _ = HTMLParser.initialized
        guard let entity = folio_html_entity_lookup(String(name)) else { return nil }
        return Unicode.Scalar(entity.pointee.value)
    }
}
