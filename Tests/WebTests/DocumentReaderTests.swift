import Foundation
import Models
import Testing

@testable import Web

@Suite struct DocumentReaderTests {
    static var seedURL: URL? {
        let base =
            ProcessInfo.processInfo.environment["FOLIO_SHARED_DATA"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/data")
        let url = base.appendingPathComponent("seed/000_a59b72f464577484.txt")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    @Test func seedArticleGivesDateTitleAndHeadings() throws {
        let url = try #require(Self.seedURL, "the shared seed article is missing")
        let document = try DocumentReader.read(try Data(contentsOf: url), source: url.path, fileName: url.path)
        #expect(document.publishedAt.map(ISODate.formatDay) == "2025-02-08")
        #expect(document.title?.hasPrefix("Nearly three years after President Vladimir Putin invaded Ukraine") == true)
        #expect(document.title?.hasPrefix("date") == false)
        #expect(document.markdown.contains("\n## Talks on Ukraine without Ukraine\n"))
        #expect(document.markdown.contains("\n## Echoes of Helsinki\n"))
        #expect(!document.markdown.contains("date 2025"))
    }

    @Test func firstSentenceSkipsAbbreviations() {
        let document = DocumentReader.parse("Mr. Smith met the U.S. envoy today. Then he left.", format: .text)
        #expect(document.title == "Mr. Smith met the U.S. envoy today.")
    }

    @Test func longFirstSentencesAreShortenedAtAWord() {
        let sentence = String(repeating: "word ", count: 60) + "end."
        let title = DocumentReader.parse(sentence, format: .text).title ?? ""
        #expect(title.count <= DocumentReader.titleLength)
        #expect(title.hasSuffix("…"))
    }

    @Test func badInputIsRejectedWithAReason() {
        #expect(throws: DocumentError.empty(source: "x")) { try DocumentReader.read(Data(" \n\n ".utf8), source: "x") }
        #expect(throws: DocumentError.binary(source: "x")) { try DocumentReader.read(Data([0x41, 0x00, 0x42]), source: "x") }
        #expect(throws: DocumentError.invalidUTF8(source: "x")) { try DocumentReader.read(Data([0x41, 0xFF, 0xFE, 0x42]), source: "x") }
        let big = Data(repeating: 0x41, count: ArticleDraft.sizeLimit + 1)
        #expect(throws: DocumentError.tooLarge(source: "x", bytes: big.count, limit: ArticleDraft.sizeLimit)) {
            try DocumentReader.read(big, source: "x")
        }
    }
}
