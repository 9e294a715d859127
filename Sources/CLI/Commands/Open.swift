import ArgumentParser
import Foundation
import Storage

/// `folio open ID`: the article's web page in the browser.
struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open an article's URL in the browser ($BROWSER, else xdg-open).",
        discussion: """
            $BROWSER may list several browsers separated by colons; the first is used. A \
            terminal browser (lynx, w3m) gets the terminal until it exits.

            Example:
              folio open 3f2a
            """)

    @Argument(help: "The article's id (its short id, or any unique prefix of the full id).", completion: Completions.articleIDs)
    var id: String

    @OptionGroup var output: QuietOption

    func run() throws {
        let store = try Library.open(readOnly: true)
        let article = try store.article(id: try store.resolveArticleID(id))
        let shortID = try store.shortIDs([article.id])[article.id] ?? article.id
        guard let url = article.url else {
            throw CLIError.invalidInput(
                "article \(shortID) has no URL (it was saved from a file or standard input); `folio show \(shortID)` reads it")
        }
        let environment = ProcessInfo.processInfo.environment
        let browser =
            environment["BROWSER"].flatMap { $0.split(separator: ":").first.map(String.init) }.flatMap { $0.isEmpty ? nil : $0 }
            ?? "xdg-open"
        let status: Int32
        do {
            status = try ForegroundCommand.run("\(browser) \"$1\"", arguments: [url])
        } catch .cannotStart(let reason) {
            throw CLIError.commandFailed("cannot start the browser `\(browser)`: \(reason)")
        }
        guard status == 0 else {
            throw CLIError.commandFailed("the browser `\(browser)` exited with status \(status) for \(url)")
        }
        output.say("Opened \(url)")
    }
}
