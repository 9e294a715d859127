import Foundation
import Testing

@testable import Extraction

/// The shared test pages (`../shared/data/extraction` from the project root), when they are there.
private let extractionData: URL? = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let folder = root.deletingLastPathComponent().appendingPathComponent("shared/data/extraction")
    return FileManager.default.fileExists(atPath: folder.appendingPathComponent("scrapinghub/ground-truth.json").path) ? folder : nil
}()

/// Guards against regressions on real pages: the body found on a few ScrapingHub benchmark pages must
/// still overlap the ground truth (4-token shingle F1, as scripts/extraction_score.py computes it).
@Suite(.enabled(if: extractionData != nil, "../shared/data/extraction is not there"))
struct SharedPagesTests {
    @Test func bodiesOfBenchmarkPagesMatchTheGroundTruth() throws {
        let folder = try #require(extractionData).appendingPathComponent("scrapinghub")
        let truthData = try Data(contentsOf: folder.appendingPathComponent("ground-truth.json"))
        let truth = try #require(try JSONSerialization.jsonObject(with: truthData) as? [String: [String: String]])
        // Three pages spread over the sorted keys: a check that extraction works, not a tuning set.
        let keys = truth.keys.sorted()
        for key in [keys[1], keys[keys.count / 2], keys[keys.count - 2]] {
            let html = try gunzip(folder.appendingPathComponent("html/\(key).html.gz"))
            let url = truth[key]?["url"].flatMap(URL.init(string:))
            let article = try Extractor.extract(html: html, url: url)
            let f1 = Self.shingleF1(predicted: article.text ?? "", expected: truth[key]?["articleBody"] ?? "")
            #expect(f1 > 0.8, "page \(key.prefix(16)): F1 \(f1)")
        }
    }

    @Test func readabilityTitlesMatch() throws {
        let folder = try #require(extractionData).appendingPathComponent("readability")
        for name in ["ars-1", "guardian-1", "medium-2"] {
            let caseFolder = folder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: caseFolder.path) else { continue }
            let html = try Data(contentsOf: caseFolder.appendingPathComponent("source.html"))
            let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: caseFolder.appendingPathComponent("expected-metadata.json")))
            let title = (expected as? [String: Any])?["title"] as? String
            let article = try Extractor.extract(html: html, url: URL(string: "http://fakehost/test/page.html"))
            #expect(article.title == title, "\(name)")
        }
    }

    private func gunzip(_ file: URL) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    /// F1 of the 4-token shingles (runs of letters, digits and underscores) the two texts share.
    static func shingleF1(predicted: String, expected: String) -> Double {
        func shingles(_ text: String) -> [String: Int] {
            let tokens = text.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init)
            var counts: [String: Int] = [:]
            if tokens.count < 4 {
                if !tokens.isEmpty { counts[tokens.joined(separator: " "), default: 0] += 1 }
                return counts
            }
            for index in 0...(tokens.count - 4) { counts[tokens[index..<index + 4].joined(separator: " "), default: 0] += 1 }
            return counts
        }
        let got = shingles(predicted)
        let want = shingles(expected)
        let shared = got.reduce(0) { $0 + min($1.value, want[$1.key] ?? 0) }
        let precision = Double(shared) / Double(max(1, got.values.reduce(0, +)))
        let recall = Double(shared) / Double(max(1, want.values.reduce(0, +)))
        return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
    }
}
