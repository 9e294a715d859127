import Testing

@testable import WebReader

@Suite struct MarkdownRendererTests {
    @Test func headingsParagraphsAndEmphasisBecomeTheirElements() {
        let html = MarkdownRenderer.html("# Title\n\nA *quiet* and **bold** `code` line\nwrapped.\n\n### Smaller ###")
        #expect(html.contains("<h1>Title</h1>"))
        #expect(html.contains("<p>A <em>quiet</em> and <strong>bold</strong> <code>code</code> line\nwrapped.</p>"))
        #expect(html.contains("<h3>Smaller</h3>"))
    }

    @Test func listsNestAndNumber() {
        let html = MarkdownRenderer.html("- one\n- two\n  - inner\n- three\n\n3. third\n4. fourth")
        // A block edge (a new line) ends each item's text, so that a quote never runs two items together.
        #expect(html.contains("<ul><li>one\n</li><li>two\n<ul><li>inner\n</li></ul>\n</li><li>three\n</li></ul>"))
        #expect(html.contains("<ol start=\"3\"><li>third\n</li><li>fourth\n</li></ol>"))
    }

    @Test func quotesCodeTablesAndBreaks() {
        let html = MarkdownRenderer.html("> said\n> twice\n\n```\nlet x = 1 < 2\n```\n\n| a | b \\| c |\n| --- | --- |\n| 1 | 2 |\n\nline\\\nnext")
        #expect(html.contains("<blockquote><p>said\ntwice</p>\n</blockquote>"))
        #expect(html.contains("<pre><code>let x = 1 &lt; 2</code></pre>"))
        #expect(html.contains("<th>a</th>\n<th>b | c</th>"))
        #expect(html.contains("<td>1</td>"))
        #expect(html.contains("line<br>next"))
    }

    @Test func linksAndImagesKeepWebURLsOnly() {
        let html = MarkdownRenderer.html(
            "[site](https://example.com/a_b?x=1&y=2) [bad](javascript:alert(1)) [tab](java\tscript:alert(2)) ![pic](https://example.com/p.png) ![data](data:image/png;base64,xx)"
        )
        #expect(html.contains("<a href=\"https://example.com/a_b?x=1&amp;y=2\" rel=\"noopener noreferrer nofollow\">site</a>"))
        #expect(!html.lowercased().contains("javascript"))
        #expect(!html.contains("java\tscript"))
        #expect(html.contains(" bad "))
        #expect(html.contains("<img src=\"https://example.com/p.png\" alt=\"pic\""))
        #expect(!html.contains("data:"))
    }

    @Test func rawHTMLIsRemovedAndTextEscaped() {
        let html = MarkdownRenderer.html(
            "Hello <script>alert('x')</script><b onclick=\"evil()\">world</b> <img src=x onerror=alert(1)> & 3 > 2 \\<tag>\n\n<iframe src=\"https://evil\"></iframe>"
        )
        #expect(!html.contains("<script"))
        #expect(!html.contains("alert"))
        #expect(!html.contains("onclick"))
        #expect(!html.contains("onerror"))
        #expect(!html.contains("<iframe"))
        #expect(!html.contains("<b"))
        #expect(html.contains("world"))
        #expect(html.contains("&amp; 3 &gt; 2 &lt;tag&gt;"))
    }

    @Test func extractionEscapesComeOutAsTheirCharacters() {
        let html = MarkdownRenderer.html("\\# not a heading, 2\\. not a list, \\*not emphasis\\* and a\\_b")
        #expect(html == "<p># not a heading, 2. not a list, *not emphasis* and a_b</p>\n")
    }

    @Test func deepNestingIsBounded() {
        let deep = String(repeating: "> ", count: 5_000) + "text"
        let html = MarkdownRenderer.html(deep)
        #expect(html.contains("text"))
        let brackets = String(repeating: "[", count: 3_000) + "x" + String(repeating: "](https://a.example)", count: 3_000)
        #expect(MarkdownRenderer.html(brackets).contains("x"))
    }

    @Test func unclosedMarksInALongParagraphStayText() {
        for mark in ["[", "*", "`", "<", "<script>", "![", "_"] {
            let line = String(repeating: mark + "a ", count: 8_000 / mark.count)
            let html = MarkdownRenderer.html(line)
            #expect(html.hasPrefix("<p>"), "\(mark)")
            #expect(!html.contains("<script"), "\(mark)")
        }
    }

    @Test func plainTextIsParagraphs() {
        let html = MarkdownRenderer.html("First paragraph.\n\nSecond one, with 'quotes' & \"more\".")
        #expect(html == "<p>First paragraph.</p>\n<p>Second one, with &#39;quotes&#39; &amp; &quot;more&quot;.</p>\n")
    }
}
