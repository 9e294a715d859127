import ArgumentParser
import Foundation

/// "Did you mean" for a mistyped command name (`folio lsit` → `list`), checked before the
/// argument parser, whose own message ("Unexpected argument 'lsit'") does not suggest one.
/// (It already suggests options: "Unknown option '--jsn'. Did you mean '--json'?")
enum CommandSuggestion {
    /// The usage error for the first argument that should name a subcommand and names none;
    /// nil when the command line names real commands all the way down.
    static func check(_ arguments: [String], root: any ParsableCommand.Type) -> CLIError? {
        var command = root
        var path = [name(of: root)]
        for argument in arguments {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty, !argument.hasPrefix("-"), argument != "help" else { return nil }
            if let next = subcommands.first(where: { names(of: $0).contains(argument) }) {
                command = next
                path.append(name(of: next))
                continue
            }
            let candidates = subcommands.flatMap { names(of: $0) }
            let suggestion = closest(argument, among: candidates)
            // After a command with a default subcommand, a word may be that subcommand's
            // argument: only a close match is taken as a typo then.
            if command.configuration.defaultSubcommand != nil && suggestion == nil { return nil }
            let help = "`\(path.joined(separator: " ")) --help` lists the commands"
            let suggested = suggestion.map { "; did you mean `\(path.joined(separator: " ")) \($0)`?" } ?? ""
            return .usage("'\(argument)' is not a \(path.joined(separator: " ")) command\(suggested) (\(help))")
        }
        return nil
    }

    /// The candidate nearest to `typed` (Damerau–Levenshtein distance, at most 1 for short
    /// names and 2 for longer ones), when only one is that near.
    static func closest(_ typed: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(typed.lowercased(), $0)) }
        guard let best = scored.map(\.1).min() else { return nil }
        let limit = typed.count <= 4 ? 1 : 2
        let winners = Set(scored.filter { $0.1 == best }.map(\.0))
        guard best <= limit, winners.count == 1 else { return nil }
        return winners.first
    }

    /// Edits (insertion, deletion, substitution, transposition of neighbours) from `a` to `b`.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }

    /// The argument parser's own error text in Folio's style, on one line: "folio: unknown
    /// option '--jsn'. Did you mean '--json'? (`folio list --help` shows the options)" instead of
    /// "Error: Unknown option …", a usage line and a "See 'folio list --help'" line.
    static func restyle(_ message: String, program: String) -> String {
        let lines = message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard var first = lines.first else { return message }
        if first.hasPrefix("Error: ") { first = String(first.dropFirst("Error: ".count)) }
        if let initial = first.first, initial.isUppercase, first.dropFirst().first?.isLowercase == true {
            first = initial.lowercased() + first.dropFirst()
        }
        var line = "\(program): \(first)"
        if let see = lines.first(where: { $0.hasPrefix("See '") }), let open = see.firstIndex(of: "'"),
            let close = see[see.index(after: open)...].firstIndex(of: "'")
        {
            line += " (`\(see[see.index(after: open)..<close])` shows the options)"
        }
        return line
    }

    private static func name(of command: any ParsableCommand.Type) -> String {
        command.configuration.commandName ?? String(describing: command).lowercased()
    }

    private static func names(of command: any ParsableCommand.Type) -> [String] {
        [name(of: command)] + command.configuration.aliases
    }
}
