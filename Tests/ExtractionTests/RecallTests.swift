import Foundation
import Testing

@testable import Extraction

/// Issue 13: text of the article that must not be lost on sites the rules were not tuned for.
@Suite struct RecallTests {
    static func text(_ html: String) throws -> String {
        try Extractor.extract(html: html, url: URL(string: "https://example.com/story")).text ?? ""
    }

    static func page(_ body: String) -> String {
        "<!DOCTYPE html><html><head><title>Wine from the hills</title></head><body>\(body)</body></html>"
    }

    /// An article of two paragraphs, the first beginning with `opening`.
    static func article(opening: String) -> String {
        """
        <article><p>\(opening) liegen über der Stadt, und auf ihnen wachsen seit Jahrhunderten die Reben, aus denen die
        Winzer des Tals ihre leichten roten Weine keltern, die zu vielen Gerichten passen.</p>
        <p>Die Lese beginnt im September, wenn die Trauben reif sind, und sie dauert bis in den Oktober, bei gutem Wetter
        auch länger, sagen die Winzer, die seit dem Mittelalter an diesen Hängen arbeiten.</p></article>
        """
    }

    @Test func softHyphensAreNotPartOfTheText() throws {
        let text = try Self.text(Self.page(Self.article(opening: "Die Hän\u{AD}ge ober\u{AD}halb Bozens")))
        #expect(text.contains("Die Hänge oberhalb Bozens liegen"))
        #expect(!text.unicodeScalars.contains("\u{AD}"))
    }

    @Test func theTextIsInComposedForm() throws {
        // "ü" written as "u" and a combining diaeresis, as some editors save it.
        let text = try Self.text(Self.page(Self.article(opening: "Gru\u{308}ne Hu\u{308}gel")))
        #expect(text.unicodeScalars.contains("\u{FC}"))
        #expect(!text.unicodeScalars.contains("\u{308}"))
    }
}
