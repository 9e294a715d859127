import ArgumentParser
import Foundation
import Models
import Storage

/// `folio tags [list]`.
struct ListTags: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List tags with the number of articles and notes (outside the trash) that have each.",
        aliases: ["ls"])

    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try Library.open(readOnly: true)
        let tags = try store.tagCounts()
        if output.json {
            try printJSON(tags)
            return
        }
        let terminal = Terminal()
        let width = String(tags.map { $0.articles + $0.notes }.max() ?? 0).count
        var text = ""
        for tag in tags {
            let total = String(tag.articles + tag.notes)
            var line = String(repeating: " ", count: width - total.count) + total + "  " + terminal.style(tag.name, "36")
            if tag.notes > 0 {
                line += "  " + terminal.dim("(\(counted(tag.articles, "article")), \(counted(tag.notes, "note")))")
            }
            text += line + "\n"
        }
        DescriptorWriter.write(text, to: STDOUT_FILENO)
        if tags.isEmpty && terminal.stderrIsTTY { printError("no tags") }
    }
}
