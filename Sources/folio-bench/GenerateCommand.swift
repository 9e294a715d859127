import Foundation
import Models
import Storage

/// `folio-bench generate`: builds a store of N articles and M notes derived from the corpus
/// and reports the import rate (time spent in `Store.addBatch` and the final index
/// `optimize`, as `folio import` does).
struct GenerateCommand {
    static let usage = "folio-bench generate --count N --notes M --corpus PATH --out DBFILE [--seed S] [--batch 1000]"

    var count: Int
    var notes: Int
    var corpusPath: String
    var outPath: String
    var seed: UInt64
    var batchSize: Int

    init(_ arguments: ArraySlice<String>) throws(BenchError) {
        let options = try Options(arguments, allowed: ["count", "notes", "corpus", "out", "seed", "batch"])
        count = try options.integer("count", minimum: 1)
        notes = try options.integer("notes", default: 0)
        corpusPath = try options.string("corpus")
        outPath = try options.string("out")
        seed = UInt64(try options.integer("seed", default: 20_250_101))
        batchSize = try options.integer("batch", default: 1000, minimum: 1)
    }

    func run() throws(BenchError) {
        if FileManager.default.fileExists(atPath: outPath) {
            throw .input("\(outPath) already exists: remove it first (the benchmark builds a fresh store)")
        }
        let directory = URL(fileURLWithPath: outPath).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .input("cannot create \(directory.path): \(error.localizedDescription)")
        }

        let clock = ContinuousClock()
        let started = clock.now
        let corpus = try Corpus(path: corpusPath)
        printError("corpus: \(corpus.documents.count) documents loaded in \(format(milliseconds(clock.now - started) / 1000, decimals: 1)) s")
        let generator = LibraryGenerator(corpus: corpus, seed: seed)

        let importSeconds: Double
        var articlesAdded = 0
        var notesMade = 0
        do {
            let store = try Store(path: outPath)
            var importTime = Duration.zero
            var batchStart = 0
            var batchNumber = 0
            var nextReport = 10_000
            while batchStart < count {
                let batchEnd = min(count, batchStart + batchSize)
                let generated = (batchStart..<batchEnd).map(generator.article)
                // Notes are spread evenly over the batches, on articles of the same batch.
                let noteCount = notes * batchEnd / count - notes * batchStart / count
                let batchNotes = generator.notes(count: noteCount, on: generated, batch: batchNumber)
                let before = clock.now
                articlesAdded += try store.addBatch(generated.map(\.article), notes: batchNotes)
                importTime += clock.now - before
                notesMade += batchNotes.count
                batchStart = batchEnd
                batchNumber += 1
                if batchStart >= nextReport || batchStart == count {
                    printError(
                        "generate: \(batchStart)/\(count) articles, \(notesMade) notes, \(format(milliseconds(clock.now - started) / 1000, decimals: 1)) s"
                    )
                    nextReport += 10_000
                }
            }
            // As `folio import` does after a bulk import: merge the index's segments.
            let before = clock.now
            try store.optimizeSearchIndex()
            importTime += clock.now - before
            importSeconds = milliseconds(importTime) / 1000
        } catch {
            throw .store("store \(outPath): \(error)")
        }
        if articlesAdded != count {
            printError("warning: \(count - articlesAdded) articles were skipped as duplicate ids")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: outPath)[.size] as? NSNumber)?.int64Value ?? 0
        printError("generate: done in \(format(milliseconds(clock.now - started) / 1000, decimals: 1)) s, \(size / 1_048_576) MiB")
        let rate = importSeconds > 0 ? Double(articlesAdded) / importSeconds : 0
        printOut("import \(articlesAdded) articles (+\(notesMade) notes): \(format(importSeconds, decimals: 1)) s, \(Int(rate.rounded())) articles/s")
    }
}
