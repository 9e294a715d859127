/// An article's Markdown as HTML: the subset Folio's extraction writes (headings, paragraphs,
/// lists, quotes, fenced code, tables, emphasis, code spans, links, images, hard breaks and
/// backslash escapes) and plain text, which is valid Markdown.
///
/// Every character of the text is escaped; raw HTML in the Markdown is removed (the contents of
/// `script` and `style` elements with it); links keep only `http`, `https` and `mailto` URLs
/// and images only `http` and `https` ones, so a `javascript:` link becomes plain text. The
/// output is a list of pieces (text and markup) so that `QuoteHighlighter` can mark passages
/// across inline formatting before it becomes one string.
package enum MarkdownRenderer {
    /// The article rendered as HTML.
    package static func html(_ markdown: String) -> String {
        HTMLPiece.join(pieces(markdown))
    }

    /// The article as text and markup pieces, blocks separated by `.boundary`.
    package static func pieces(_ markdown: String) -> [HTMLPiece] {
        let lines = markdown.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        var output: [HTMLPiece] = []
        MarkdownBlocks(lines: lines).render(into: &output)
        return output
    }
}
