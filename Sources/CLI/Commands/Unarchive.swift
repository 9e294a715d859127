import ArgumentParser
import Foundation
import Models
import Storage

struct Unarchive: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unarchive",
        abstract: "Bring archived articles back to unread.", discussion: "Example:\n  folio unarchive 0193a4b2")
    @Argument(
        help: "The articles' ids (short ids, or unique prefixes of full ids), or - to read them from standard input.",
        completion: Completions.articleIDs) var ids: [String] = []
    @OptionGroup var output: OutputOptions
    func run() throws { try applyArticleEdit(ids, command: "unarchive", output: output, verb: "Unarchived") { $0.state = .unread } }
}
