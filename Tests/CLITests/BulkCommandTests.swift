import FolioTestSupport
import Foundation
import Testing

/// Several ids at once, from the arguments or standard input, and tag changes that must look
/// like tags.
@Suite struct BulkCommandTests {
    /// Adds `count` small articles from standard input; returns their full ids.
    func addArticles(_ cli: CLIHarness, count: Int) throws -> [String] {
        try (0..<count).map { index in
            let object = try cli.json(["add", "-", "--title", "Piece \(index)"], input: Data("Text of piece \(index) about rivers.\n".utf8))
            let article = try #require((object as? [String: Any])?["article"] as? [String: Any])
            return try #require(article["id"] as? String)
        }
    }

    @Test func tagWithSeveralIDsTagsEachAndBareWordsAreUsageErrors() throws {
        let cli = try CLIHarness()
        let ids = try addArticles(cli, count: 3)
        try cli.ok(["tag", ids[0], ids[1], ids[2], "+rivers", "+todo"])
        for id in ids {
            let article = try #require((try cli.json(["show", id]) as? [String: Any])?["article"] as? [String: Any])
            #expect(article["tags"] as? [String] == ["rivers", "todo"])
        }
        let before = try cli.storeSnapshot()
        let bare = try cli.run(["tag", ids[0], "extra"])
        #expect(bare.status == 64)
        #expect(bare.stderr.contains("+extra"))
        let noChanges = try cli.run(["tag", ids[0], ids[1]])
        #expect(noChanges.status == 64)
        #expect(try cli.storeSnapshot() == before, "a usage error changes nothing")
    }

    @Test func idsFromStandardInputChangeTheLotInOneGo() throws {
        let cli = try CLIHarness()
        let ids = try addArticles(cli, count: 4)
        try cli.ok(["tag", ids[1], ids[3], "+todo"])
        let todo = try cli.ok(["search", "tag:todo", "--ids"])
        #expect(Set(todo.split(separator: "\n").map(String.init)) == [ids[1], ids[3]])
        try cli.ok(["archive", "-"], input: Data(todo.utf8))
        #expect(Set(try cli.articleIDs(["--archived"])) == [ids[1], ids[3]])
        try cli.ok(["star", ids[0], ids[2]])
        #expect(Set(try cli.articleIDs(["--starred"])) == [ids[0], ids[2]])
        let listed = try cli.ok(["list", "--starred", "--ids"])
        try cli.ok(["tag", "-", "+starred", "-todo"], input: Data(listed.utf8))
        let tagged = try cli.ok(["search", "tag:starred", "--ids"])
        #expect(Set(tagged.split(separator: "\n").map(String.init)) == [ids[0], ids[2]])
        try cli.ok(["unstar", "-"], input: Data(listed.utf8))
        #expect(try cli.articleIDs(["--starred"]).isEmpty)
        try cli.ok(["unarchive", ids[1], ids[3]])
        #expect(try cli.articleIDs(["--archived"]).isEmpty)
    }

    @Test func oneUnknownIDChangesNothing() throws {
        let cli = try CLIHarness()
        let ids = try addArticles(cli, count: 2)
        let before = try cli.storeSnapshot()
        let result = try cli.run(["archive", ids[0], "ffffffffffff", ids[1]])
        #expect(result.status != 0)
        #expect(try cli.storeSnapshot() == before)
        #expect(try cli.articleIDs(["--archived"]).isEmpty)
    }

    @Test func rmAndRestoreTakeSeveralIDsInOneTransaction() throws {
        let cli = try CLIHarness()
        let ids = try addArticles(cli, count: 3)
        try cli.ok(["rm", ids[0], ids[1]])
        #expect(try cli.articleIDs() == [ids[2]])
        // ids[0] is in the trash already: moving ids[2] and ids[0] fails as a whole.
        let before = try cli.storeSnapshot()
        let wrong = try cli.run(["rm", ids[2], ids[0]])
        #expect(wrong.status != 0)
        #expect(try cli.storeSnapshot() == before)
        try cli.ok(["restore", "-"], input: Data("\(ids[0])\n\n\(ids[1])\n".utf8))
        #expect(Set(try cli.articleIDs()) == Set(ids))
    }

    @Test func showGivenANoteIDSaysWhichCommandShowsIt() throws {
        let cli = try CLIHarness()
        let object = try cli.json(["note", "add", "--standalone", "A thought on rivers"])
        let note = try #require(object as? [String: Any])
        let noteID = try #require(note["id"] as? String)
        let result = try cli.run(["show", noteID])
        #expect(result.status == 64)
        #expect(result.stderr.contains("folio note show \(noteID)"))
        #expect(try cli.ok(["note", "show", noteID]).contains("A thought on rivers"))
    }
}
