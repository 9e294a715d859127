import ArgumentParser
import Foundation
import Models
import Storage

struct Archive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Mark articles as read and put them away.",
        discussion: "Examples:\n  folio archive 0193a4b2\n  folio search 'tag:done' --ids | folio archive -")
    @Argument(
        help: "The articles' ids (short ids, or unique prefixes of full ids), or - to read them from standard input.",
        completion: Completions.articleIDs) var ids: [String] = []
    @OptionGroup var output: OutputOptions
    func run() throws { try applyArticleEdit(ids, command: "archive", output: output, verb: "Archived") { $0.state = .archived } }
}
