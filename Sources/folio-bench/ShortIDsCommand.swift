import Foundation
import Models
import Storage

/// `folio-bench short-ids`: the length of the short ids `folio list` shows, for libraries of
/// several sizes whose items were all added within 30 seconds (the worst case for ids that
/// start with the clock), in a fresh store each.
struct ShortIDsCommand {
    static let usage = "folio-bench short-ids [--counts 1000,10000,100000] [--seed N]"

    var counts: [Int]
    var seed: UInt64

    init(_ arguments: ArraySlice<String>) throws(BenchError) {
        let options = try Options(arguments, allowed: ["counts", "seed"])
        let text = options.optionalString("counts") ?? "1000,10000,100000"
        let counts = text.split(separator: ",").compactMap { Int($0) }
        guard !counts.isEmpty, counts.count == text.split(separator: ",").count, counts.allSatisfy({ $0 > 0 }) else {
            throw .usage("--counts takes positive integers separated by commas, not \(text)")
        }
        self.counts = counts
        seed = UInt64(try options.integer("seed", default: 7))
    }

    func run() throws(BenchError) {
        printOut("items  shortest  median  p99  longest  share of ids at the shortest length")
        for count in counts {
            let lengths = try measure(count: count).sorted()
            let shortest = lengths[0]
            let atShortest = lengths.filter { $0 == shortest }.count
            printOut(
                String(
                    format: "%6d  %8d  %6d  %3d  %7d  %.1f%%", count, shortest, lengths[lengths.count / 2],
                    lengths[min(lengths.count - 1, lengths.count * 99 / 100)], lengths[lengths.count - 1],
                    100 * Double(atShortest) / Double(count)))
        }
    }

    /// The short-id lengths of `count` articles added to a fresh store within 30 seconds.
    private func measure(count: Int) throws(BenchError) -> [Int] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("folio-bench-ids-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let store = try Store(path: folder.appendingPathComponent("library.sqlite").path)
            var generator = SplitMix64(seed: seed)
            let start = Date()
            var ids: [String] = []
            var batch: [Article] = []
            for index in 0..<count {
                let id = EntityID.make(at: start.addingTimeInterval(30 * Double(index) / Double(count)), using: &generator)
                ids.append(id)
                batch.append(Article(id: id, title: "Article \(index)", content: "Text \(index)."))
                if batch.count == 5_000 || index == count - 1 {
                    _ = try store.addBatch(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            var lengths: [Int] = []
            for chunk in stride(from: 0, to: ids.count, by: 1_000) {
                let slice = Array(ids[chunk..<min(ids.count, chunk + 1_000)])
                lengths += try store.shortIDs(slice).values.map(\.count)
            }
            return lengths
        } catch {
            throw .store("short ids for \(count) items: \(error)")
        }
    }
}
