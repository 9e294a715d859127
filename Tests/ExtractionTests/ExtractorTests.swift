import Foundation
import Testing

@testable import Extraction

/// A page with the usual furniture around a three-paragraph article.
private let newsPage = """
    <!DOCTYPE html>
    <html lang="en">
    <head>
      <meta charset="utf-8">
      <title>Rivers are rising across the valley | Valley Gazette</title>
    </head>
    <body>
      <nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
      <div class="advert-banner">Buy the new phone today, fifty percent off this week only!</div>
      <div id="main" class="article-body">
        <h1>Rivers are rising across the valley</h1>
        <p class="byline">By Jane Doe</p>
        <p>Heavy rain fell for a third day on Tuesday, and the river rose above its banks in four towns, flooding roads,
        fields and the ground floors of several hundred houses, officials said.</p>
        <p>Emergency crews evacuated two care homes, and the regional council opened schools as shelters for families who
        could not stay with relatives. More rain is expected on Wednesday, forecasters said, though lighter than before.</p>
        <h2>Farmers count the cost</h2>
        <p>Farmers said the harvest of late potatoes was lost in the lowest fields, and that it would take weeks before
        the water drained away. <a href="/farming/aid">The aid scheme</a> opens on Monday, the ministry said.</p>
        <blockquote><p>We have never seen the water this high in October, not even in 1998.</p></blockquote>
        <ul><li>Roads closed: the A12 and the B4, between the bridges.</li><li>Trains replaced by buses until Friday.</li></ul>
      </div>
      <div class="share-tools"><a href="https://twitter.com/share">Tweet</a> <a href="https://facebook.com/share">Share</a></div>
      <aside class="related-stories"><h3>Related</h3><ul><li><a href="/a">Storm warning for the coast</a></li>
        <li><a href="/b">Bridge closed after crash</a></li></ul></aside>
      <section id="comments" class="comments">
        <h3>23 comments</h3>
        <div class="comment"><p>First! This is terrible, somebody should have built higher walls years ago, really.</p></div>
        <div class="comment"><p>My cousin lives there, she says the water reached the second step of the stairs.</p></div>
      </section>
      <footer class="site-footer"><p>© 2024 Valley Gazette. All rights reserved. Contact us, privacy policy, terms.</p></footer>
    </body>
    </html>
    """

@Suite struct ContentTests {
    @Test func mainTextIsKeptAndNavigationAdsSharingCommentsAndFooterAreDropped() throws {
        let article = try Extractor.extract(html: newsPage, url: URL(string: "https://gazette.example/news/rivers"))
        #expect((article.text ?? "").contains("Heavy rain fell for a third day on Tuesday"))
        #expect((article.text ?? "").contains("Emergency crews evacuated two care homes"))
        #expect((article.text ?? "").contains("Farmers said the harvest of late potatoes was lost"))
        #expect((article.text ?? "").contains("We have never seen the water this high"))
        #expect((article.text ?? "").contains("Trains replaced by buses until Friday."))
        for boilerplate in ["Home", "fifty percent off", "Tweet", "Storm warning", "First!", "My cousin", "All rights reserved", "By Jane Doe"] {
            #expect(!(article.text ?? "").contains(boilerplate), "kept boilerplate: \(boilerplate)")
        }
    }

    @Test func markdownHasHeadingsQuotesListsAndAbsoluteLinks() throws {
        let article = try Extractor.extract(html: newsPage, url: URL(string: "https://gazette.example/news/rivers"))
        #expect(article.markdown.contains("## Farmers count the cost"))
        #expect(article.markdown.contains("> We have never seen the water this high"))
        #expect(article.markdown.contains("- Roads closed: the A12 and the B4, between the bridges."))
        #expect(article.markdown.contains("[The aid scheme](https://gazette.example/farming/aid)"))
        // The title is shown apart from the content, so the heading that repeats it is not in the Markdown.
        #expect(!article.markdown.contains("# Rivers are rising"))
    }

    @Test func titleLosesTheSiteNameAndBylineComesFromTheContent() throws {
        let article = try Extractor.extract(html: newsPage, url: nil)
        #expect(article.title == "Rivers are rising across the valley")
        #expect(article.byline == "By Jane Doe")
        #expect(article.language == "en")
    }

    @Test func malformedHTMLIsRecovered() throws {
        let html = """
            <html><head><title>Broken page about tides</title><body>
            <div class="post"><p>The tide comes in twice a day, pulled by the moon and, to a lesser degree, the sun,
            which is why the highest tides come with the new and the full moon.<p>Unclosed paragraphs, a <b>bold <i>mixed</b>
            up</i> pair and a stray closing tag</span> do not stop the parser, which recovers like a browser would.
            </div></div><p>Spring tides and neap tides alternate every week or so, as the moon's phase changes through the month.
            """
        let article = try Extractor.extract(html: html, url: nil)
        #expect((article.text ?? "").contains("The tide comes in twice a day"))
        #expect((article.text ?? "").contains("do not stop the parser"))
        #expect(article.title == "Broken page about tides")
    }
}

@Suite struct MetadataTests {
    private static let body = """
        <div class="content"><p>\(String(repeating: "The committee met on Monday, and agreed on the plan after a long debate. ", count: 8))</p></div>
        """

    @Test func jsonLDGivesHeadlineAuthorsDateAndPublisher() throws {
        let html = """
            <html><head><title>Something else | Daily</title>
            <script type="application/ld+json">
            {"@context": "https://schema.org", "@graph": [
              {"@type": "WebSite", "name": "Daily"},
              {"@type": "NewsArticle", "headline": "Committee agrees on the plan",
               "author": [{"@type": "Person", "name": "Ann Lee"}, {"@type": "Person", "name": "Bo Chan"}],
               "datePublished": "2024-03-05T09:30:00+01:00", "publisher": {"@type": "Organization", "name": "The Daily"}}
            ]}
            </script></head><body>\(Self.body)</body></html>
            """
        let article = try Extractor.extract(html: html, url: nil)
        #expect(article.title == "Committee agrees on the plan")
        #expect(article.byline == "Ann Lee, Bo Chan")
        #expect(article.site == "The Daily")
        #expect(article.publishedAt == Date(timeIntervalSince1970: 1_709_627_400))
    }

    @Test func openGraphAndMetaTagsFillTheRest() throws {
        let html = """
            <html><head><title>Committee agrees | The Daily</title>
            <meta property="og:title" content="Committee agrees on the plan">
            <meta property="og:site_name" content="The Daily">
            <meta name="author" content="Ann Lee">
            <meta property="article:published_time" content="2024-03-05T08:30:00Z">
            <meta name="description" content="After a long debate, the plan passed.">
            </head><body>\(Self.body)</body></html>
            """
        let article = try Extractor.extract(html: html, url: nil)
        #expect(article.title == "Committee agrees on the plan")
        #expect(article.site == "The Daily")
        #expect(article.byline == "Ann Lee")
        #expect(article.excerpt == "After a long debate, the plan passed.")
        #expect(article.publishedAt == Date(timeIntervalSince1970: 1_709_627_400))
    }

    @Test func timeElementIsTheLastResortForTheDate() throws {
        let html = "<html><body><time datetime=\"2024-03-05\">5 March</time>\(Self.body)</body></html>"
        let article = try Extractor.extract(html: html, url: nil)
        #expect(article.publishedAt == Date(timeIntervalSince1970: 1_709_596_800))
    }

    @Test(arguments: [
        ("2021-11-01T10:52:50+0100", 1_635_760_370.0),
        ("2019-01-03T07:00:02.000Z", 1_546_498_802.0),
        ("2019-04-28 06:01:07", 1_556_431_267.0),
        ("Tue, 05 Mar 2024 08:30:00 GMT", 1_709_627_400.0),
    ])
    func publicationDatesInCommonFormatsParse(text: String, seconds: Double) {
        #expect(PublicationDate.parse(text) == Date(timeIntervalSince1970: seconds))
    }

    @Test(arguments: [
        ("Why the river rose this week | Valley Gazette", "Why the river rose this week"),
        ("Valley Gazette - Why the river rose so fast this week", "Why the river rose so fast this week"),
        // What is left would be too short a title: Readability keeps the whole.
        ("Valley Gazette - Why the river rose", "Valley Gazette - Why the river rose"),
        ("Home", "Home"),
    ])
    func titleSeparatorsAreHandledLikeReadability(title: String, expected: String) throws {
        let html = "<html><head><title>\(title)</title></head><body>\(Self.body)</body></html>"
        #expect(try Extractor.extract(html: html, url: nil).title == expected)
    }
}

@Suite struct CharsetTests {
    private static func latin1Page(meta: String) -> Data {
        let text = """
            <html><head>\(meta)<title>Caf\u{e9} cr\u{e8}me</title></head><body><div class="content"><p>\
            \(String(repeating: "Le caf\u{e9} cr\u{e8}me co\u{fb}te deux euros \u{e0} la gare, et on le boit debout. ", count: 6))\
            </p></div></body></html>
            """
        return Data(text.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })
    }

    @Test func latin1BytesAreConvertedWhenTheMetaCharsetSaysSo() throws {
        let data = Self.latin1Page(meta: "<meta charset=\"iso-8859-1\">")
        let article = try Extractor.extract(html: data, url: nil)
        #expect(article.title == "Café crème")
        #expect((article.text ?? "").contains("Le café crème coûte deux euros à la gare"))
    }

    @Test func theHTTPHeaderCharsetIsUsedWithoutAMeta() throws {
        let data = Self.latin1Page(meta: "")
        let article = try Extractor.extract(html: data, url: nil, contentType: "text/html; charset=ISO-8859-1")
        #expect((article.text ?? "").contains("Le café crème coûte deux euros"))
    }

    @Test func invalidUTF8WithoutAnyLabelIsReadAsWindows1252() throws {
        let article = try Extractor.extract(html: Self.latin1Page(meta: ""), url: nil)
        #expect(article.title == "Café crème")
    }

    @Test func aByteOrderMarkWins() throws {
        var data = Data([0xEF, 0xBB, 0xBF])
        data.append(Data("<html><head><meta charset=\"iso-8859-1\"><title>Café</title></head><body><p>x</p></body></html>".utf8))
        #expect(try Extractor.extract(html: data, url: nil).title == "Café")
    }

    @Test func metaCharsetIsFoundInBothForms() {
        #expect(Charset.metaCharset(in: ArraySlice("<meta charset='windows-1252'>".utf8)) == "windows-1252")
        #expect(Charset.metaCharset(in: ArraySlice("<META http-equiv=Content-Type content=\"text/html; charset=Shift_JIS\">".utf8)) == "shift_jis")
        #expect(Charset.metaCharset(in: ArraySlice("<p>charset=utf-8</p>".utf8)) == nil)
    }
}

@Suite struct ErrorTests {
    @Test func emptyInputIsRefused() {
        #expect(throws: ExtractionError.empty) { try Extractor.extract(html: Data(), url: nil) }
        #expect(throws: ExtractionError.empty) { try Extractor.extract(html: "  \n\t ", url: nil) }
    }

    @Test func nonHTMLIsRefusedWithTheReason() {
        #expect(throws: ExtractionError.notHTML(reason: "it is a PDF document")) {
            try Extractor.extract(html: Data("%PDF-1.7\n1 0 obj".utf8), url: nil)
        }
        #expect(throws: ExtractionError.notHTML(reason: "no HTML tags: it reads as plain text")) {
            try Extractor.extract(html: "Just a note, with a < sign and no markup at all.", url: nil)
        }
        #expect(throws: ExtractionError.notHTML(reason: "binary data")) {
            try Extractor.extract(html: Data([0x3C, 0x68, 0x00, 0x01, 0x02]), url: nil)
        }
    }

    @Test func aPageWithoutTextHasNoReadableContent() {
        #expect(throws: ExtractionError.noReadableContent(characters: 0)) {
            try Extractor.extract(html: "<html><body><div><img src=\"a.png\"></div></body></html>", url: nil)
        }
    }

    @Test func messagesSayWhatToDo() {
        #expect(ExtractionError.noReadableContent(characters: 0).description.contains("save it from the browser"))
        #expect(ExtractionError.notHTML(reason: "binary data").description.contains("not an HTML page"))
    }
}
