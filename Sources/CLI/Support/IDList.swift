import Foundation
import Models
import Storage

/// The ids a bulk command was given: arguments, where `-` stands for standard input, one id
/// per line (the first word of a line, so `folio list` and `folio search --ids` output both
/// work; blank lines are skipped).
enum IDList {
    /// The typed ids, with `-` replaced by the lines of standard input. Throws a usage error
    /// when there are none.
    static func expand(_ arguments: [String], command: String) throws -> [String] {
        var ids: [String] = []
        for argument in arguments {
            guard argument == "-" else {
                ids.append(argument)
                continue
            }
            let (data, _) = try readInput("-")
            guard let text = String(data: data, encoding: .utf8) else {
                throw CLIError.invalidInput("standard input is not UTF-8 text: give one id per line")
            }
            for line in text.split(whereSeparator: \.isNewline) {
                if let word = line.split(whereSeparator: \.isWhitespace).first { ids.append(String(word)) }
            }
        }
        guard !ids.isEmpty else {
            throw CLIError.usage("give at least one id, as in `folio \(command) 0193a4b2`, or - to read ids from standard input")
        }
        return ids
    }

    /// Every id resolved to an article's full id before anything changes.
    static func articles(_ arguments: [String], command: String, in store: Store) throws -> [String] {
        try expand(arguments, command: command).map { try store.resolveArticleID($0) }
    }

    /// Every id resolved to an article or a note before anything changes.
    static func items(_ arguments: [String], command: String, in store: Store) throws -> [ItemID] {
        try expand(arguments, command: command).map { try store.resolveItem($0) }
    }
}
