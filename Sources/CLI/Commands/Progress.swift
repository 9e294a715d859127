import ArgumentParser
import Foundation
import Models
import Storage

struct Progress: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress",
        abstract: "Record how far you have read an article (0 to 1, or a percentage).",
        discussion: """
            Progress only moves forward: a lower value leaves it where it is, as the merge \
            across devices keeps the highest.

            Examples:
              folio progress 0193a4b2 0.4
              folio progress 0193a4b2 40%
            """)
    @Argument(help: "The article's id (its short id, or any unique prefix of the full id).", completion: Completions.articleIDs) var id: String
    @Argument(help: "Progress: a number from 0 to 1, or a percentage such as 40%.") var value: String
    @OptionGroup var output: OutputOptions

    func run() throws {
        let progress: Double
        if value.hasSuffix("%"), let percent = Double(value.dropLast()) {
            progress = percent / 100
        } else if let fraction = Double(value) {
            progress = fraction
        } else {
            throw CLIError.invalidInput("\(value) is not a progress: give a number from 0 to 1, or a percentage such as 40%")
        }
        guard progress.isFinite, (0...1).contains(progress) else {
            throw CLIError.invalidInput("progress \(value) is out of range: give a number from 0 to 1, or 0% to 100%")
        }
        // Progress only moves forward (the merge keeps the maximum across devices); say so.
        func describe(_ article: Article) -> String {
            "Progress \(Int((article.progress * 100).rounded()))%" + (article.progress > progress ? " (progress only moves forward)" : "")
        }
        try applyArticleEdit([id], command: "progress", output: output, describe: describe) { $0.progress = progress }
    }
}
