import FolioTestSupport
import Foundation
import Testing

/// The everyday commands, run as a user runs them.
@Suite struct LibraryCommandTests {
    @Test func seedArticleImportsWithDateTitleHeadingsAndTags() throws {
        let cli = try CLIHarness()
        let id = try cli.addSeed(["--tag", "Politics", "--tag", "russia"])
        let shown = try #require(try cli.json(["show", id]) as? [String: Any])
        let article = try #require(shown["article"] as? [String: Any])
        #expect((article["publishedAt"] as? String)?.hasPrefix("2025-02-08") == true)
        #expect((article["title"] as? String)?.hasPrefix("Nearly three years after President Vladimir Putin") == true)
        #expect(article["tags"] as? [String] == ["politics", "russia"])
        #expect((article["wordCount"] as? Int ?? 0) > 600)
        let text = try cli.ok(["show", String(id.prefix(13)), "--no-pager"])
        #expect(text.contains("\nTalks on Ukraine without Ukraine\n"))
        #expect(text.contains("\nEchoes of Helsinki\n"))
        #expect(!text.contains("\u{1B}["), "no colour when not a terminal")
    }

    @Test func bookmarksAndCSVExportsSayWhatTheyLeftOut() throws {
        let cli = try CLIHarness()
        try cli.ok(["add", "https://example.com/kept", "--no-fetch", "--tag", "later"])
        let gone = try cli.ok(["add", "https://example.com/gone", "--no-fetch", "-q"]).trimmingCharacters(in: .whitespacesAndNewlines)
        try cli.ok(["rm", gone])
        try cli.ok(["add", "-", "--title", "From a file"], input: Data("Some text.".utf8))
        let bookmarks = try cli.run(["export", "--format", "netscape"])
        #expect(bookmarks.status == 0)
        #expect(bookmarks.stdout.contains(#"<A HREF="https://example.com/kept""#))
        #expect(bookmarks.stdout.contains(#"TAGS="later" TOREAD="1""#))
        #expect(!bookmarks.stdout.contains("example.com/gone"))
        #expect(bookmarks.stderr.contains("exported 1 article (left out: 1 in the trash and 1 without a URL)"), "\(bookmarks.stderr)")
        let csv = try cli.run(["export", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("url,title,byline,site,published,saved,tags,state,starred,progress\r\n"))
        #expect(csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 3, "a header and two articles")
        #expect(csv.stderr.contains("exported 2 articles (left out: 1 in the trash)"), "\(csv.stderr)")
    }

    @Test func addFromStandardInputWithOptions() throws {
        let cli = try CLIHarness()
        let body = Data("# A Markdown piece\n\nFirst paragraph about glaciers.\n".utf8)
        let object =
            try cli.json(
                ["add", "-", "--url", "https://Example.com/glaciers?utm_source=rss", "--date", "2024-03-05", "--byline", "Ann Author"],
                input: body) as? [String: Any]
        let article = try #require(object?["article"] as? [String: Any])
        #expect(article["title"] as? String == "A Markdown piece")
        #expect(article["site"] as? String == "example.com")
        #expect(article["byline"] as? String == "Ann Author")
        #expect((article["publishedAt"] as? String)?.hasPrefix("2024-03-05") == true)
    }

    @Test func htmlFilesAreStrippedToText() throws {
        let cli = try CLIHarness()
        let page = cli.home.appendingPathComponent("saved-page.html")
        try Data(
            """
            <!doctype html><html><head><title>Glacier retreat &amp; sea levels</title>
            <script>var tracking = 1;</script></head><body><nav>Home | World</nav>
            <h2>Measuring the ice</h2><p>Satellites show the glaciers retreating faster.</p></body></html>
            """.utf8
        ).write(to: page)
        let object = try cli.json(["add", page.path, "--url", "https://example.org/glaciers"]) as? [String: Any]
        let article = try #require(object?["article"] as? [String: Any])
        #expect(article["title"] as? String == "Glacier retreat & sea levels")
        let shown = try cli.ok(["show", try #require(article["id"] as? String), "--no-pager"])
        #expect(shown.contains("Satellites show the glaciers retreating faster."))
        #expect(shown.contains("Measuring the ice"))
        #expect(!shown.contains("tracking") && !shown.contains("Home | World"))
    }

    @Test func savingAURLOfflineKeepsItPendingAndNeverDuplicates() throws {
        let cli = try CLIHarness()
        let first = try cli.run(["add", "https://news.example.org/story?id=7&fbclid=xyz#comments", "--no-fetch"])
        #expect(first.status == 0)
        #expect(first.stdout.contains("pending"))
        let pending = try #require(try cli.json(["list", "--pending"]) as? [[String: Any]])
        #expect(pending.count == 1)
        #expect(pending.first?["contentStatus"] as? String == "pending")
        #expect(try cli.ok(["list"]).contains("[pending]"))
        let again = try cli.run(["add", "HTTPS://NEWS.example.org:443/story?id=7", "--no-fetch"])
        #expect(again.status == 0)
        #expect(again.stderr.contains("already saved as"))
        let shortID = try #require(pending.first?["shortID"] as? String)
        #expect(again.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == shortID)
        #expect(try cli.articleIDs().count == 1)
    }

    @Test func listFiltersAndOrganizingCommands() throws {
        let cli = try CLIHarness()
        let seed = try cli.addSeed(["--tag", "politics"])
        let other = try #require(
            (try cli.json(["add", "-", "--title", "Other", "--tag", "science"], input: Data("Some text here.".utf8)) as? [String: Any])?["article"]
                as? [String: Any])
        let otherID = try #require(other["id"] as? String)
        #expect(try cli.articleIDs() == [otherID, seed])
        #expect(try cli.articleIDs(["--tag", "politics"]) == [seed])
        try cli.ok(["star", seed])
        try cli.ok(["archive", otherID])
        #expect(try cli.articleIDs(["--starred"]) == [seed])
        #expect(try cli.articleIDs(["--archived"]) == [otherID])
        #expect(try cli.articleIDs(["--unread"]) == [seed])
        try cli.ok(["unarchive", otherID])
        try cli.ok(["unstar", seed])
        #expect(try cli.articleIDs(["--starred"]).isEmpty)
        #expect(try cli.articleIDs(["--limit", "1"]) == [otherID])
        #expect(try cli.articleIDs(["--since", "2000-01-01"]).count == 2)
        #expect(try cli.articleIDs(["--since", "2999-01-01"]).isEmpty)
        try cli.ok(["tag", seed, "+Diplomacy", "-politics", "+extra"])
        let shown = try #require(try cli.json(["show", seed]) as? [String: Any])
        #expect((shown["article"] as? [String: Any])?["tags"] as? [String] == ["diplomacy", "extra"])
        try cli.ok(["edit", seed, "--tag", "added", "--tag=-extra"])
        let retagged = try #require(try cli.json(["show", seed]) as? [String: Any])
        #expect((retagged["article"] as? [String: Any])?["tags"] as? [String] == ["added", "diplomacy"])
        try cli.ok(["progress", seed, "40%"])
        try cli.ok(["edit", seed, "--title", "Putin's position", "--date", "2025-02-09", "--url", "https://apnews.com/x"])
        let edited = try #require((try cli.json(["show", seed]) as? [String: Any])?["article"] as? [String: Any])
        #expect(edited["title"] as? String == "Putin's position")
        #expect(edited["progress"] as? Double == 0.4)
        // Progress only moves forward, and says so.
        #expect(try cli.ok(["progress", seed, "0.1"]).hasPrefix("Progress 40% (progress only moves forward)"))
        #expect(edited["site"] as? String == nil || edited["site"] as? String == "apnews.com")
        #expect((edited["publishedAt"] as? String)?.hasPrefix("2025-02-09") == true)
    }

    @Test func editWithoutOptionsUsesTheEditor() throws {
        let cli = try CLIHarness()
        let id = try cli.addSeed()
        let script = cli.home.appendingPathComponent("editor.sh")
        try Data("#!/bin/sh\nsed -i 's/^title: .*/title: Edited in the editor/; s/^tags: .*/tags: one two/' \"$1\"\n".utf8).write(to: script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        try cli.ok(["edit", id], environment: ["EDITOR": script.path])
        let article = try #require((try cli.json(["show", id]) as? [String: Any])?["article"] as? [String: Any])
        #expect(article["title"] as? String == "Edited in the editor")
        #expect(article["tags"] as? [String] == ["one", "two"])
    }

    @Test func trashRestoreAndPurge() throws {
        let cli = try CLIHarness()
        let id = try cli.addSeed()
        try cli.ok(["note", "add", id, "keep this thought"])
        try cli.ok(["rm", id])
        #expect(try cli.articleIDs().isEmpty)
        let trash = try #require(try cli.json(["trash"]) as? [String: Any])
        #expect((trash["articles"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [id])
        try cli.ok(["restore", id])
        #expect(try cli.articleIDs() == [id])
        // Purging asks; without a terminal it needs --yes and deletes nothing otherwise.
        let refused = try cli.run(["purge", id])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--yes"))
        #expect(try cli.articleIDs() == [id])
        try cli.ok(["purge", id, "--yes"])
        #expect(try cli.articleIDs().isEmpty)
        #expect((try cli.json(["note", "list"]) as? [Any])?.isEmpty == true)
        // purge --all empties the trash only.
        let kept = try cli.addSeed()
        let other = try #require(
            ((try cli.json(["add", "-", "--title", "Gone"], input: Data("Bye.".utf8)) as? [String: Any])?["article"] as? [String: Any])?["id"]
                as? String)
        try cli.ok(["rm", other])
        #expect(try cli.ok(["purge", "--all", "--yes"]).contains("Deleted 1 articles"))
        #expect(try cli.articleIDs() == [kept])
    }

    @Test func notesOnArticlesAndStandalone() throws {
        let cli = try CLIHarness()
        let id = try cli.addSeed()
        let quoted = try #require(try cli.json(["note", "add", id, "--quote", "Echoes of  helsinki", "Compare", "with", "2018"]) as? [String: Any])
        #expect(quoted["body"] as? String == "Compare with 2018")
        #expect(quoted["quote"] as? String == "Echoes of  helsinki")
        let fromStdin = try #require(
            try cli.json(["note", "add", "--standalone", "--tag", "essay"], input: Data("Ideas for the essay\n".utf8)) as? [String: Any])
        #expect(fromStdin["articleID"] == nil || fromStdin["articleID"] is NSNull)
        #expect(fromStdin["body"] as? String == "Ideas for the essay")
        let noteID = try #require(quoted["id"] as? String)
        try cli.ok(["note", "edit", noteID, "--text", "Revised thought"])
        let notes = try #require(try cli.json(["note", "list", id]) as? [[String: Any]])
        #expect(notes.map { $0["body"] as? String } == ["Revised thought"])
        #expect((try cli.json(["note", "list"]) as? [Any])?.count == 2)
        let shown = try cli.ok(["show", id, "--no-pager"])
        #expect(shown.contains("Notes (1)"))
        #expect(shown.contains("Revised thought"))
        try cli.ok(["note", "rm", noteID])
        #expect((try cli.json(["note", "list", id]) as? [Any])?.isEmpty == true)
        // The editor path: a script stands in for the user's editor.
        let script = cli.home.appendingPathComponent("editor.sh")
        try Data("#!/bin/sh\nprintf 'Written in the editor\\n' > \"$1\"\n".utf8).write(to: script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let standaloneID = try #require(fromStdin["id"] as? String)
        try cli.ok(["note", "edit", standaloneID], environment: ["EDITOR": script.path])
        let edited = try #require(try cli.json(["note", "list"]) as? [[String: Any]])
        #expect(edited.first?["body"] as? String == "Written in the editor")
    }

    @Test func searchAcrossArticlesAndNotesWithHighlights() throws {
        let cli = try CLIHarness()
        let id = try cli.addSeed(["--tag", "politics"])
        try cli.ok(["note", "add", id, "--quote", "Echoes of Helsinki", "The 2018 summit in Finland"])
        let plain = try cli.ok(["search", "helsinki"])
        #expect(plain.contains("[Helsinki]"))
        #expect(!plain.contains("\u{1B}["))
        let hits = try #require(try cli.json(["search", "finland OR helsinki"]) as? [[String: Any]])
        #expect(Set(hits.compactMap { $0["kind"] as? String }) == ["article", "note"])
        for hit in hits {
            let snippet = try #require(hit["snippet"] as? String)
            let matches = try #require(hit["matches"] as? [[String: Int]])
            #expect(!matches.isEmpty)
            for match in matches {
                let characters = Array(snippet)
                let start = try #require(match["start"])
                let length = try #require(match["length"])
                let word = String(characters[start..<start + length]).lowercased()
                #expect(word == "helsinki" || word == "finland")
            }
        }
        let notesOnly = try #require(try cli.json(["search", "helsinki", "--notes"]) as? [[String: Any]])
        #expect(notesOnly.map { $0["kind"] as? String } == ["note"])
        let articlesOnly = try #require(try cli.json(["search", "helsinki", "--articles"]) as? [[String: Any]])
        #expect(articlesOnly.map { $0["kind"] as? String } == ["article"])
        #expect((try cli.json(["search", "\"peace deal\" tag:politics after:2025-01-01"]) as? [Any])?.count == 1)
        #expect((try cli.json(["search", "helsinki -putin"]) as? [Any])?.count == 1)
        #expect((try cli.json(["search", "helsin*", "--limit", "1"]) as? [Any])?.count == 1)
    }

    @Test func exportThenImportIntoAnEmptyStoreGivesTheSameLibrary() throws {
        let source = try CLIHarness()
        let id = try source.addSeed(["--tag", "politics"])
        try source.ok(["note", "add", id, "--quote", "Echoes of Helsinki", "summit"])
        try source.ok(["note", "add", "--standalone", "loose idea"])
        try source.ok(["star", id])
        try source.ok(["progress", id, "0.25"])
        try source.ok(["add", "https://example.com/pending", "--no-fetch"])
        for format in ["json", "jsonl"] {
            let file = source.home.appendingPathComponent("export.\(format)")
            try source.ok(["export", "--format", format, "--output", file.path])
            let target = try CLIHarness()
            try target.ok(["import", file.path])
            #expect(try target.storeSnapshot() == source.storeSnapshot(), "format \(format)")
            // Importing again adds nothing.
            #expect(try target.ok(["import", file.path]).contains("Imported: added 0, merged 2 duplicates, 0 highlights as notes, skipped 0"))
        }
        let folder = source.home.appendingPathComponent("md")
        try source.ok(["export", "--format", "markdown", "--output", folder.path])
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(files.count == 3)
        let standalone = try String(contentsOf: folder.appendingPathComponent("standalone-notes.md"), encoding: .utf8)
        #expect(standalone.contains("# Standalone notes") && standalone.contains("loose idea"))
        let seedFile = try #require(files.first { $0.hasPrefix("2025-02-08-") })
        let markdown = try String(contentsOf: folder.appendingPathComponent(seedFile), encoding: .utf8)
        #expect(markdown.hasPrefix("---\nid: \"\(id)\"\n"))
        #expect(markdown.contains("tags: [\"politics\"]"))
        #expect(markdown.contains("## Notes"))
        #expect(markdown.contains("> Echoes of Helsinki"))
    }

    @Test func statusCountsAndUnsyncedChanges() throws {
        let cli = try CLIHarness()
        let id = try cli.addSeed()
        try cli.ok(["add", "https://example.com/later", "--no-fetch"])
        try cli.ok(["note", "add", id, "n"])
        try cli.ok(["star", id])
        let status = try #require(try cli.json(["status"]) as? [String: Any])
        #expect(status["articles"] as? Int == 2)
        #expect(status["pending"] as? Int == 1)
        #expect(status["notes"] as? Int == 1)
        #expect(status["starred"] as? Int == 1)
        #expect(status["unsyncedChanges"] as? Int == 4)
        #expect(status["path"] as? String == cli.storeFile.path)
        #expect((status["sizeBytes"] as? Int ?? 0) > 0)
    }

    @Test func corpusArticlesImportAndAreFoundBySearch() throws {
        let cli = try CLIHarness()
        let corpus = CLIHarness.sharedData.appendingPathComponent("corpus/news.jsonl")
        let handle = try FileHandle(forReadingFrom: corpus)
        defer { try? handle.close() }
        let head = try #require(try handle.read(upToCount: 200_000))
        let lines = head.split(separator: UInt8(ascii: "\n")).prefix(20)
        var titles: [String] = []
        for line in lines {
            guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                let title = object["title"] as? String, let text = object["text"] as? String, !text.isEmpty
            else { continue }
            try cli.ok(["add", "-", "--title", title, "--tag", object["category"] as? String ?? "news"], input: Data(text.utf8))
            titles.append(title)
        }
        #expect(try cli.articleIDs().count == titles.count)
        let first = try #require(titles.first)
        let hits = try #require(try cli.json(["search", "title:\"\(first)\""]) as? [[String: Any]])
        #expect(hits.first?["title"] as? String == first)
    }

    @Test func colourOnlyOnATerminalAndNeverWithNoColorOrDumbTerminals() throws {
        let cli = try CLIHarness()
        _ = try cli.addSeed()
        let coloured = try cli.runInTerminal(["search", "helsinki"])
        #expect(coloured.contains("\u{1B}[1;33mHelsinki\u{1B}[0m"))
        let noColor = try cli.runInTerminal(["search", "helsinki"], environment: ["NO_COLOR": "1"])
        #expect(noColor.contains("[Helsinki]"))
        #expect(!noColor.contains("\u{1B}["))
        let dumb = try cli.runInTerminal(["search", "helsinki"], environment: ["TERM": "dumb"])
        #expect(!dumb.contains("\u{1B}["))
    }

    @Test func showPagesThroughThePagerOnlyOnATerminal() throws {
        let cli = try CLIHarness()
        let id = try cli.addSeed()
        let marker = cli.home.appendingPathComponent("pager-ran")
        let pager = cli.home.appendingPathComponent("pager.sh")
        try Data("#!/bin/sh\ncat > \"\(marker.path)\"\n".utf8).write(to: pager)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: pager.path)
        _ = try cli.runInTerminal(["show", id, "--no-pager"], environment: ["PAGER": pager.path])
        #expect(!FileManager.default.fileExists(atPath: marker.path))
        _ = try cli.ok(["show", id], environment: ["PAGER": pager.path])
        #expect(!FileManager.default.fileExists(atPath: marker.path), "no pager when standard output is not a terminal")
        _ = try cli.runInTerminal(["show", id], environment: ["PAGER": pager.path])
        let paged = try String(contentsOf: marker, encoding: .utf8)
        #expect(paged.contains("Echoes of Helsinki"))
    }

    @Test func noteTextComesFromTheEditorAtATerminal() throws {
        let cli = try CLIHarness()
        let id = try cli.addSeed()
        let editor = cli.home.appendingPathComponent("editor.sh")
        try Data("#!/bin/sh\nprintf 'Typed in the editor\\n' > \"$1\"\n".utf8).write(to: editor)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: editor.path)
        _ = try cli.runInTerminal(["note", "add", id], environment: ["EDITOR": editor.path])
        let notes = try #require(try cli.json(["note", "list", id]) as? [[String: Any]])
        #expect(notes.map { $0["body"] as? String } == ["Typed in the editor"])
    }

    @Test func helpAndCompletionsForEveryCommand() throws {
        let cli = try CLIHarness()
        for command in [
            "add", "list", "show", "edit", "tag", "archive", "progress", "rm", "trash", "restore", "purge", "search", "export", "import", "status",
        ] {
            let help = try cli.ok(["help", command])
            #expect(help.contains("USAGE"), "help \(command)")
            #expect(help.lowercased().contains("example"), "help \(command) has examples")
        }
        #expect(try cli.ok(["note", "add", "--help"]).contains("Examples"))
        for shell in ["bash", "zsh", "fish"] {
            #expect(try cli.ok(["--generate-completion-script", shell]).contains("folio"))
        }
    }
}
