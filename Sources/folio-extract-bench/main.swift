import Extraction
import Foundation
import Gzip
import Models

// folio-extract-bench: runs the extraction over the shared test pages and writes one JSON line per
// page (key, title, byline, published, text, elapsed ms) for scripts/extraction_score.py.
// See scripts/bench-extraction.sh.

let usage = """
    usage: folio-extract-bench [--data DIR] [--set NAME] [--repeat N] [--key KEY]
      --data DIR    the extraction data folder (default ../shared/data/extraction)
      --set NAME    which pages to run: scrapinghub, wcxb, trafilatura, readability, or all (the default);
                    repeat the option for several
      --repeat N    extract each page N times and report the median time (default 3)
      --key KEY     only the page with this key (or Readability case name)
    """

/// One page's result, as the scorer reads it.
struct PageResult: Encodable {
    var set: String
    var key: String
    var title: String?
    var byline: String?
    var siteName: String?
    var published: String?
    var text: String?
    var markdown: String?
    var error: String?
    var elapsedMilliseconds: Double

    enum CodingKeys: String, CodingKey {
        case set, key, title, byline, published, text, markdown, error
        case siteName = "site_name"
        case elapsedMilliseconds = "elapsed_ms"
    }
}

struct BenchOptions {
    var data = "../shared/data/extraction"
    var sets: Set<String> = []
    var repeats = 3
    var key: String?

    /// The sets with a `ground-truth.json` of pages (`html/<key>.html.gz`), then Mozilla's Readability cases.
    static let pageSets = ["scrapinghub", "wcxb", "trafilatura"]
    static let allSets = pageSets + ["readability"]

    func includes(_ set: String) -> Bool { sets.isEmpty || sets.contains("all") || sets.contains(set) }

    init(_ arguments: ArraySlice<String>) throws {
        var rest = arguments
        while let argument = rest.popFirst() {
            switch argument {
            case "--data": data = try value(&rest, argument)
            case "--set":
                let name = try value(&rest, argument)
                guard name == "all" || BenchOptions.allSets.contains(name) else { throw BenchError.usage("unknown set \(name)\n\(usage)") }
                sets.insert(name)
            case "--repeat":
                guard let count = Int(try value(&rest, argument)), count > 0 else { throw BenchError.usage("--repeat needs a positive count") }
                repeats = count
            case "--key": key = try value(&rest, argument)
            case "-h", "--help":
                print(usage)
                exit(0)
            default: throw BenchError.usage("unknown argument \(argument)\n\(usage)")
            }
        }
    }

    private func value(_ rest: inout ArraySlice<String>, _ option: String) throws -> String {
        guard let value = rest.popFirst() else { throw BenchError.usage("\(option) needs a value") }
        return value
    }
}

enum BenchError: Error, CustomStringConvertible {
    case usage(String)
    case data(String)

    var description: String {
        switch self {
        case .usage(let message): return message
        case .data(let message): return message
        }
    }
}

/// The CPU time the calling thread has used, in milliseconds: unlike wall time, it does not grow when other
/// processes share the cores (the benchmark machine runs other builds at the same time).
func threadCPUMilliseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1e6
}

/// Extracts `repeats` times; returns the last result and the median CPU time in milliseconds.
func measure(_ html: Data, url: URL?, repeats: Int) -> (Result<ArticleDraft, ExtractionError>, Double) {
    var times: [Double] = []
    var result: Result<ArticleDraft, ExtractionError> = .failure(.empty)
    for _ in 0..<repeats {
        let start = threadCPUMilliseconds()
        result = Result { () throws(ExtractionError) -> ArticleDraft in try Extractor.extract(html: html, url: url) }
        times.append(threadCPUMilliseconds() - start)
    }
    times.sort()
    return (result, times[times.count / 2])
}

func pageResult(set: String, key: String, html: Data, url: URL?, repeats: Int) -> PageResult {
    let (result, milliseconds) = measure(html, url: url, repeats: repeats)
    var page = PageResult(set: set, key: key, elapsedMilliseconds: (milliseconds * 1000).rounded() / 1000)
    switch result {
    case .success(let article):
        page.title = article.title
        page.byline = article.byline
        page.siteName = article.site
        page.published = article.publishedAt.map { $0.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)) }
        page.text = article.text
        page.markdown = article.markdown
    case .failure(let error):
        page.error = error.description
    }
    return page
}

/// The bytes of a gzip-compressed page, decompressed in the process (valgrind cannot follow a spawned `gzip`).
func gunzip(_ path: String) throws -> Data {
    let compressed = try Data(contentsOf: URL(fileURLWithPath: path))
    do {
        return try Gzip.decompress(compressed, limit: 256 * 1024 * 1024)
    } catch {
        throw BenchError.data("\(path) is not readable gzip: \(error)")
    }
}

func run(_ options: BenchOptions) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    func emit(_ page: PageResult) throws {
        let line = try encoder.encode(page)
        FileHandle.standardOutput.write(line + Data("\n".utf8))
    }
    let root = URL(fileURLWithPath: options.data)
    for set in BenchOptions.pageSets where options.includes(set) {
        let folder = root.appendingPathComponent(set)
        let truthData = try Data(contentsOf: folder.appendingPathComponent("ground-truth.json"))
        guard let truth = try JSONSerialization.jsonObject(with: truthData) as? [String: [String: Any]] else {
            throw BenchError.data("ground-truth.json is not an object of pages")
        }
        for key in truth.keys.sorted() where options.key == nil || options.key == key {
            let html = try gunzip(folder.appendingPathComponent("html/\(key).html.gz").path)
            let url = (truth[key]?["url"] as? String).flatMap { URL(string: $0.trimmingCharacters(in: .whitespaces)) }
            try emit(pageResult(set: set, key: key, html: html, url: url, repeats: options.repeats))
        }
    }
    if options.includes("readability") {
        let folder = root.appendingPathComponent("readability")
        let cases = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        for name in cases where options.key == nil || options.key == name {
            let source = folder.appendingPathComponent("\(name)/source.html")
            guard FileManager.default.fileExists(atPath: source.path) else { continue }
            let html = try Data(contentsOf: source)
            // Readability's test suite gives every page this URL.
            let url = URL(string: "http://fakehost/test/page.html")
            try emit(pageResult(set: "readability", key: name, html: html, url: url, repeats: options.repeats))
        }
    }
}

do {
    try run(BenchOptions(CommandLine.arguments.dropFirst()))
} catch let error as BenchError {
    FileHandle.standardError.write(Data("folio-extract-bench: \(error)\n".utf8))
    exit(64)
} catch {
    FileHandle.standardError.write(Data("folio-extract-bench: \(error)\n".utf8))
    exit(1)
}
