import Foundation

/// Why a benchmark command cannot run.
enum BenchError: Error, CustomStringConvertible {
    /// The command line is wrong; the message says how to write it.
    case usage(String)
    /// An input file is missing or unusable.
    case input(String)
    /// The store failed.
    case store(String)

    var description: String {
        switch self {
        case .usage(let message), .input(let message), .store(let message): return message
        }
    }

    /// The process exit code (64 is EX_USAGE).
    var exitCode: Int32 {
        switch self {
        case .usage: return 64
        case .input, .store: return 1
        }
    }
}

/// `--name value` options and `--name` flags after the subcommand, checked against the names
/// it accepts.
struct Options {
    private var values: [String: String] = [:]
    private var flagsGiven: Set<String> = []

    init(_ arguments: ArraySlice<String>, allowed: Set<String>, flags: Set<String> = []) throws(BenchError) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            guard argument.hasPrefix("--") else { throw .usage("unexpected argument \(argument)") }
            let name = String(argument.dropFirst(2))
            if flags.contains(name) {
                flagsGiven.insert(name)
                continue
            }
            guard allowed.contains(name) else {
                let names = allowed.union(flags).sorted().map { "--" + $0 }
                throw .usage("unknown option --\(name) (expected one of: \(names.joined(separator: ", ")))")
            }
            guard let value = iterator.next() else { throw .usage("--\(name) needs a value") }
            values[name] = value
        }
    }

    /// Whether a flag was given.
    func flag(_ name: String) -> Bool {
        flagsGiven.contains(name)
    }

    /// A required text option.
    func string(_ name: String) throws(BenchError) -> String {
        guard let value = values[name], !value.isEmpty else { throw .usage("--\(name) is required") }
        return value
    }

    /// An optional text option.
    func optionalString(_ name: String) -> String? {
        values[name]
    }

    /// An integer option at least `minimum`, or `defaultValue` when absent (nil: required).
    func integer(_ name: String, default defaultValue: Int? = nil, minimum: Int = 0) throws(BenchError) -> Int {
        guard let text = values[name] else {
            guard let defaultValue else { throw .usage("--\(name) is required") }
            return defaultValue
        }
        guard let value = Int(text), value >= minimum else {
            throw .usage("--\(name) takes an integer of at least \(minimum), not \(text)")
        }
        return value
    }
}

/// Order statistics of latency samples, in milliseconds.
struct LatencySummary {
    var count: Int
    var median: Double
    var p99: Double
    var mean: Double
    var max: Double

    /// Median (mean of the two middle values for an even count) and nearest-rank 99th
    /// percentile; nil for no samples.
    init?(_ samples: [Double]) {
        guard !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        count = sorted.count
        let middle = sorted.count / 2
        median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        let rank = Int((0.99 * Double(sorted.count)).rounded(.up))
        p99 = sorted[Swift.max(0, Swift.min(sorted.count - 1, rank - 1))]
        mean = sorted.reduce(0, +) / Double(sorted.count)
        max = sorted[sorted.count - 1]
    }
}

/// Milliseconds in a duration.
func milliseconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) * 1000 + Double(attoseconds) / 1e15
}

/// Formats a number with a fixed count of decimals.
func format(_ value: Double, decimals: Int = 2) -> String {
    String(format: "%.\(decimals)f", value)
}

/// Writes one line to standard output.
func printOut(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

/// Writes one line to standard error.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// The non-empty lines of a text file, trimmed.
func readLines(_ path: String) throws(BenchError) -> [String] {
    guard let data = FileManager.default.contents(atPath: path) else { throw .input("cannot read \(path)") }
    return String(decoding: data, as: UTF8.self)
        .split(whereSeparator: \.isNewline)
        .map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty }
}
