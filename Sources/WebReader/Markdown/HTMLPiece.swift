/// A piece of rendered HTML: text (escaped when joined) or markup written by the renderer.
package enum HTMLPiece: Sendable, Equatable {
    /// Text of the article, escaped when joined.
    case text(String)
    /// Markup the renderer wrote (tags, with escaped attribute values).
    case markup(String)
    /// The edge between two blocks: nothing in the HTML, white space for quote matching.
    case boundary

    /// The pieces as one HTML string.
    package static func join(_ pieces: [HTMLPiece]) -> String {
        var html = ""
        for piece in pieces {
            switch piece {
            case .text(let text): html += escape(text)
            case .markup(let markup): html += markup
            case .boundary: html += "\n"
            }
        }
        return html
    }

    /// Text escaped for HTML content and attribute values (`&`, `<`, `>`, `"`, `'`).
    package static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
