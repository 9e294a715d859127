import Foundation
import Gzip
import Testing

@Suite struct GzipTests {
    @Test func compressedBodiesComeBackTheSame() throws {
        var generator = SystemRandomNumberGenerator()
        let text = Data((0..<200_000).map { _ in UInt8.random(in: 97...102, using: &generator) })
        for body in [Data(), Data("x".utf8), Data(String(repeating: "folio ", count: 50_000).utf8), text] {
            let compressed = try Gzip.compress(body)
            #expect(compressed.prefix(2) == Data([0x1f, 0x8b]), "a gzip header")
            #expect(try Gzip.decompress(compressed, limit: body.count) == body)
        }
        #expect(try Gzip.compress(Data(String(repeating: "folio ", count: 50_000).utf8)).count < 2_000)
    }

    @Test func bodiesInflatingPastTheLimitAreRefused() throws {
        let body = Data(repeating: 0x20, count: 1_000_000)
        #expect(throws: GzipError.tooLarge(limit: 999_999)) { try Gzip.decompress(try Gzip.compress(body), limit: 999_999) }
    }

    @Test func brokenStreamsAreRefused() throws {
        let compressed = try Gzip.compress(Data(String(repeating: "folio ", count: 1_000).utf8))
        #expect(throws: GzipError.corrupt) { try Gzip.decompress(Data("not gzip".utf8), limit: 1_000_000) }
        #expect(throws: GzipError.corrupt) { try Gzip.decompress(Data(), limit: 1_000_000) }
        #expect(throws: GzipError.corrupt, "cut short") { try Gzip.decompress(compressed.dropLast(10), limit: 1_000_000) }
        var flipped = compressed
        flipped[flipped.count - 6] ^= 0xff  // the CRC-32 in the trailer
        #expect(throws: GzipError.corrupt, "bad checksum") { try Gzip.decompress(flipped, limit: 1_000_000) }
        #expect(throws: GzipError.corrupt, "trailing bytes") { try Gzip.decompress(compressed + Data("junk".utf8), limit: 1_000_000) }
    }
}
