import FolioTestSupport
import Foundation
import Models
import Testing

/// `folio export --format markdown` writes one file for every article, however alike their
/// titles and dates.
@Suite struct ExportNamesTests {
    /// A Folio JSON-lines export of `count` copies of the seed article, saved within the same
    /// second under five titles, every tenth with a note.
    private func alikeArticles(from cli: CLIHarness, count: Int) throws -> Data {
        let seedID = try cli.addSeed()
        try cli.ok(["note", "add", seedID, "a note"])
        let export = try cli.ok(["export", "--format", "jsonl"])
        let lines = export.split(separator: "\n").map(String.init)
        let header = try #require(lines.first)
        let items = try lines.dropFirst().map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let seed = try #require(items.compactMap { $0["article"] as? [String: Any] }.first)
        let seedNote = try #require(items.compactMap { $0["note"] as? [String: Any] }.first)
        let savedAt = Date(timeIntervalSince1970: 1_764_000_000)
        var output = header + "\n"
        for index in 0..<count {
            var article = seed
            let id = EntityID.make(at: savedAt)
            article["id"] = id
            article["title"] = "Daily briefing \(index % 5)"
            article["url"] = NSNull()
            article["normalizedURL"] = NSNull()
            let data = try JSONSerialization.data(withJSONObject: ["type": "article", "article": article], options: [.sortedKeys])
            output += String(decoding: data, as: UTF8.self) + "\n"
            if index % 10 == 0 {
                var note = seedNote
                note["id"] = EntityID.make(at: savedAt)
                note["articleID"] = id
                note["body"] = "note on \(id)"
                let noteData = try JSONSerialization.data(withJSONObject: ["type": "note", "note": note], options: [.sortedKeys])
                output += String(decoding: noteData, as: UTF8.self) + "\n"
            }
        }
        return Data(output.utf8)
    }

    @Test func aThousandArticlesWithRepeatedTitlesGiveAThousandFiles() throws {
        let source = try CLIHarness()
        let library = try alikeArticles(from: source, count: 1000)
        let cli = try CLIHarness()
        let imported = try cli.ok(["import", "-"], input: library)
        #expect(imported.contains("Imported: added 1,000, merged 0 duplicates, 0 highlights as notes, 100 other notes,"), "\(imported)")
        let folder = cli.home.appendingPathComponent("markdown")
        let result = try cli.run(["export", "--format", "markdown", "--output", folder.path])
        #expect(result.status == 0)
        #expect(result.stderr.contains("exported 1000 articles"))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }
        #expect(files.count == 1000)
        // Every article is in exactly one file, and every note with it.
        var ids = Set<String>()
        var notes = 0
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let idLine = try #require(text.split(separator: "\n").dropFirst().first)
            ids.insert(String(idLine))
            notes += text.components(separatedBy: "note on ").count - 1
        }
        #expect(ids.count == 1000)
        #expect(notes == 100)
    }
}
