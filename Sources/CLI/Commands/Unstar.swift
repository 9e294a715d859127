import ArgumentParser
import Foundation
import Models
import Storage

struct Unstar: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unstar", abstract: "Remove articles' stars.", discussion: "Example:\n  folio unstar 0193a4b2")
    @Argument(
        help: "The articles' ids (short ids, or unique prefixes of full ids), or - to read them from standard input.",
        completion: Completions.articleIDs) var ids: [String] = []
    @OptionGroup var output: OutputOptions
    func run() throws { try applyArticleEdit(ids, command: "unstar", output: output, verb: "Unstarred") { $0.starred = false } }
}
