import Foundation
import Models
import Testing

@testable import Web

@Suite struct PageReaderTests {
    @Test func htmlFilesGoThroughTheExtractor() throws {
        let html = """
            <!DOCTYPE html><html><head><title>A &amp; B</title><style>p{}</style></head>
            <body><nav><a href="/">Home</a> | <a href="/about">About</a></nav><article><h2>Main heading</h2>
            <p>First &quot;para&quot; of a story that is long enough to be the article's main text, with
            several sentences. The extractor keeps it.</p>
            <script>alert(1)</script><ul><li>one</li><li>two</li></ul><p>Caf&eacute; &#233; and more words
            so that this paragraph reads as text too.</p></article></body></html>
            """
        let draft = try PageReader.read(Data(html.utf8), source: "page", fileName: nil, url: "https://example.com/a")
        #expect(draft.title == "A & B")
        #expect(draft.markdown.contains("## Main heading"))
        #expect(draft.markdown.contains("First \"para\""))
        #expect(draft.markdown.contains("Café é"))
        #expect(draft.text?.contains("Café é") == true)
        #expect(!draft.markdown.contains("alert"))
        #expect(!draft.markdown.contains("About"))
    }

    @Test func textAndMarkdownFilesAreReadAsWritten() throws {
        let markdown = try PageReader.read(Data("# Title here\n\nBody text.\n".utf8), source: "a.md", fileName: "a.md", url: nil)
        #expect(markdown.title == "Title here")
        #expect(markdown.markdown == "# Title here\n\nBody text.\n")
        // A text file is text, whatever it looks like.
        let text = try PageReader.read(Data("<b>not a page</b>\n".utf8), source: "a.txt", fileName: "a.txt", url: nil)
        #expect(text.markdown.contains("<b>not a page</b>"))
    }

    @Test func binaryPagesAreRefusedByTheirFirstBytes() {
        let page = FetchedPage(url: "https://example.com/x", contentType: nil, body: Data("%PDF-1.7 ...".utf8))
        #expect(throws: FetchError.unsupported(url: "https://example.com/x", mediaType: "application/pdf")) { try PageReader.read(page) }
    }
}
