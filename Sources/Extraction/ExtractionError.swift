/// Why a page gave no article.
package enum ExtractionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input was empty (or only whitespace).
    case empty
    /// The input is not HTML: binary data, or text without any markup.
    case notHTML(reason: String)
    /// libxml2 could not build a document from the input.
    case unparsable
    /// The page parsed, but nothing in it reads like an article (too little text outside navigation and boilerplate).
    case noReadableContent(characters: Int)

    package var description: String {
        switch self {
        case .empty:
            return "the page is empty: nothing to extract"
        case .notHTML(let reason):
            return "the input is not an HTML page (\(reason)); save text or Markdown files as they are"
        case .unparsable:
            return "the HTML could not be parsed, even leniently; save the page again from the browser"
        case .noReadableContent(let characters):
            return
                "no readable article in the page (only \(characters) characters of text outside navigation and boilerplate); "
                + "if the page needs a login or JavaScript, save it from the browser and add the file"
        }
    }
}
