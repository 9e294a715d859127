import Foundation

// folio-bench: the benchmarks of issue 2 (import rate and search latency), run by `make bench`
// through scripts/bench.sh. See docs/benchmarks.md.

let usage = """
    usage:
      \(GenerateCommand.usage)
      \(SearchCommand.usage)
      \(ShortIDsCommand.usage)
      \(EditHistoryCommand.usage)
      \(ApplyPagesCommand.usage)
    """

let arguments = CommandLine.arguments.dropFirst()
do {
    switch arguments.first {
    case "generate":
        try GenerateCommand(arguments.dropFirst()).run()
    case "search":
        try SearchCommand(arguments.dropFirst()).run()
    case "fts-expression":
        try FTSExpressionCommand(arguments.dropFirst()).run()
    case "short-ids":
        try ShortIDsCommand(arguments.dropFirst()).run()
    case "edit-history":
        try EditHistoryCommand(arguments.dropFirst()).run()
    case "apply-pages":
        try ApplyPagesCommand(arguments.dropFirst()).run()
    case "phases":
        try PhasesCommand(arguments.dropFirst()).run()
    case "-h", "--help", "help":
        printOut(usage)
    default:
        throw BenchError.usage(usage)
    }
} catch let error as BenchError {
    printError("folio-bench: \(error)")
    exit(error.exitCode)
} catch {
    printError("folio-bench: \(error)")
    exit(1)
}
