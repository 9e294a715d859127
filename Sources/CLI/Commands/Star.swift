import ArgumentParser
import Foundation
import Models
import Storage

struct Star: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "star", abstract: "Star articles.", discussion: "Example:\n  folio star 0193a4b2")
    @Argument(
        help: "The articles' ids (short ids, or unique prefixes of full ids), or - to read them from standard input.",
        completion: Completions.articleIDs) var ids: [String] = []
    @OptionGroup var output: OutputOptions
    func run() throws { try applyArticleEdit(ids, command: "star", output: output, verb: "Starred") { $0.starred = true } }
}
