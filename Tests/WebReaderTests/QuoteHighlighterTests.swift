import Testing

@testable import WebReader

@Suite struct QuoteHighlighterTests {
    func highlight(_ markdown: String, _ quotes: [String]) -> QuoteHighlighter.Result {
        QuoteHighlighter.highlight(
            MarkdownRenderer.pieces(markdown), quotes: quotes.enumerated().map { .init(noteID: "n\($0.offset)", text: $0.element) })
    }

    @Test func aQuoteIsMarkedWhereItIs() {
        let result = highlight("The owners are preparing for a hard winter.", ["preparing for a hard"])
        #expect(result.html == "<p>The owners are <mark class=\"quote\" id=\"quote-n0\" data-note=\"n0\">preparing for a hard</mark> winter.</p>\n")
        #expect(result.notFound.isEmpty)
    }

    @Test func caseWhiteSpaceQuotesAndFormattingAside() {
        let result = highlight("He said “we will *keep*\nthe heaters” off.", ["said \"WE will keep the heaters\""])
        #expect(result.notFound.isEmpty)
        #expect(
            result.html.contains(
                "<mark class=\"quote\" id=\"quote-n0\" data-note=\"n0\">said “we will </mark><em><mark class=\"quote\" data-note=\"n0\">keep</mark></em>"
            ))
        #expect(result.html.contains("the heaters”</mark> off."))
    }

    @Test func aQuoteAcrossParagraphsIsMarkedInEach() {
        let result = highlight("End of one.\n\nStart of two.", ["one. Start"])
        #expect(result.notFound.isEmpty)
        #expect(
            result.html.contains(
                "<mark class=\"quote\" id=\"quote-n0\" data-note=\"n0\">one.</mark></p>\n<p><mark class=\"quote\" data-note=\"n0\">Start</mark>"))
    }

    @Test func aQuoteNotInTheTextIsReported() {
        let result = highlight("Some text here.", ["not there", "text"])
        #expect(result.notFound == ["n0"])
        #expect(result.html.contains("<mark class=\"quote\" id=\"quote-n1\" data-note=\"n1\">text</mark>"))
    }

    @Test func markedTextStaysEscaped() {
        let result = highlight("a 1 < 2 & c", ["< 2 &"])
        #expect(result.html.contains("<mark class=\"quote\" id=\"quote-n0\" data-note=\"n0\">&lt; 2 &amp;</mark>"))
    }
}
