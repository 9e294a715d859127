import FolioTestSupport
import Foundation
import Testing

/// The pager and the editor under a real job-control shell (bash in a tmux pane): they must get
/// the terminal, and give it back to the shell when they end.
@Suite(.serialized) struct JobControlTests {
    /// The article's title, as `show --json` has it.
    private func title(_ cli: CLIHarness, _ id: String) throws -> String {
        let shown = try #require(try cli.json(["show", id]) as? [String: Any])
        let article = try #require(shown["article"] as? [String: Any])
        return try #require(article["title"] as? String)
    }

    @Test func showPagesThroughLessInTheForegroundAndGivesTheTerminalBack() throws {
        let cli = try CLIHarness()
        let id = try cli.addSeed()
        let title = try title(cli, id)
        let terminal = try JobControlTerminal(cli: cli, environment: ["PAGER": "less -R"])
        try terminal.type("folio show \(id.prefix(13)); echo \"folio-exit=$?\"")
        // less shows the article's first screen, and waits at its prompt.
        let page = try terminal.waitForScreen("the article in less") { $0.contains(String(title.prefix(30))) }
        #expect(!page.contains("folio-exit="))
        let pager = try #require(try terminal.sessionProcesses().first { $0.name == "less" })
        #expect(pager.processGroup == pager.foregroundGroup, "less runs outside the terminal's foreground group")
        try terminal.press("q")
        _ = try terminal.waitForScreen("folio's exit after q") { $0.contains("folio-exit=0") }
        // The shell has the terminal again: it runs the next command.
        try terminal.type("echo shell-$((40 + 2))")
        _ = try terminal.waitForScreen("the next command's output") { $0.contains("shell-42") }
    }

    @Test func noteAddWritesTheNoteInViInTheForeground() throws {
        let cli = try CLIHarness()
        let id = try cli.addSeed()
        let terminal = try JobControlTerminal(cli: cli, environment: ["EDITOR": "vi", "VISUAL": ""])
        try terminal.type("folio note add \(id.prefix(13)); echo \"folio-exit=$?\"")
        // vi shows its empty buffer: lines of `~`.
        _ = try terminal.waitForScreen("vi's empty buffer") { screen in
            screen.split(separator: "\n").filter { $0.hasPrefix("~") }.count >= 5
        }
        try terminal.press("i")
        try terminal.press("Written in vi, in the foreground", literal: true)
        try terminal.press("Escape")
        try terminal.press(":wq", literal: true)
        try terminal.press("Enter")
        _ = try terminal.waitForScreen("folio's exit after :wq") { $0.contains("folio-exit=0") }
        let notes = try #require(try cli.json(["note", "list"]) as? [[String: Any]])
        #expect(notes.compactMap { $0["body"] as? String } == ["Written in vi, in the foreground"])
        try terminal.type("echo shell-$((40 + 2))")
        _ = try terminal.waitForScreen("the next command's output") { $0.contains("shell-42") }
    }

    @Test func editChangesTheTitleInViInTheForeground() throws {
        let cli = try CLIHarness()
        let id = try cli.addSeed()
        let terminal = try JobControlTerminal(cli: cli, environment: ["EDITOR": "vi", "VISUAL": ""])
        try terminal.type("folio edit \(id.prefix(13)); echo \"folio-exit=$?\"")
        _ = try terminal.waitForScreen("the article's fields in vi") { $0.contains("title: ") }
        try terminal.press(":%s/^title: .*/title: Edited in vi/", literal: true)
        try terminal.press("Enter")
        try terminal.press(":wq", literal: true)
        try terminal.press("Enter")
        _ = try terminal.waitForScreen("folio's exit after :wq") { $0.contains("folio-exit=0") }
        #expect(try title(cli, id) == "Edited in vi")
    }
}
