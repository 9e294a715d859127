import ArgumentParser
import Foundation
import Models
import Storage

/// `folio edit`: change an article's fields.
struct Edit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Change an article's title, URL, byline, site, date or tags.",
        discussion: """
            With options, sets those fields. With none, opens the fields in $EDITOR as \
            `key: value` lines; save and quit to apply, or empty the file to cancel.

            Examples:
              folio edit 0193a4b2 --title "Putin's position" --date 2025-02-08
              folio edit 0193a4b2
            """)

    @Argument(help: "The article's id (its short id, or any unique prefix of the full id).", completion: Completions.articleIDs)
    var id: String

    @Option(help: "New title.")
    var title: String?

    @Option(help: "New URL (empty to clear).")
    var url: String?

    @Option(help: "New byline (empty to clear).")
    var byline: String?

    @Option(help: "New site name (empty to clear).")
    var site: String?

    @Option(help: "New publication date, YYYY-MM-DD (empty to clear).")
    var date: String?

    @Option(name: .customLong("tag"), help: "Tags to add (+name or name) or remove (-name, written --tag=-name).")
    var tags: [String] = []

    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try Library.open()
        let articleID = try store.resolveArticleID(id)
        var edit = ArticleEdit()
        if title == nil && url == nil && byline == nil && site == nil && date == nil && tags.isEmpty {
            edit = try editInEditor(try store.article(id: articleID))
        } else {
            edit.title = title
            if let url { edit.url = .some(url.isEmpty ? nil : url) }
            if let byline { edit.byline = .some(byline.isEmpty ? nil : byline) }
            if let site { edit.site = .some(site.isEmpty ? nil : site) }
            if let date { edit.publishedAt = .some(date.isEmpty ? nil : try parseDate(date, option: "--date")) }
            let changes = TagChanges(tags)
            edit.addTags = changes.add
            edit.removeTags = changes.remove
        }
        if case .some(.some(let newURL)) = edit.url, !URLNormalizer.isWebURL(newURL) {
            throw CLIError.invalidInput("url \(newURL) is not an http or https URL")
        }
        let article = try store.edit(articleID: articleID, edit)
        let shortID = try store.shortIDs([articleID])[articleID] ?? articleID
        if output.json {
            try printJSON(ArticleSummary(article, shortID: shortID))
        } else {
            output.say("Updated \(shortID): \(article.title)")
        }
    }

    /// Lets the user edit the fields as `key: value` lines.
    func editInEditor(_ article: Article) throws -> ArticleEdit {
        let initial = """
            # Edit the fields, save and quit. Empty the file to cancel.
            title: \(article.title)
            url: \(article.url ?? "")
            byline: \(article.byline ?? "")
            site: \(article.site ?? "")
            date: \(article.publishedAt.map(ISODate.formatDay) ?? "")
            tags: \(article.tags.joined(separator: " "))

            """
        let edited = try Terminal().edit(initial, suffix: ".txt")
        var fields: [String: String] = [:]
        for line in edited.split(separator: "\n") where !line.hasPrefix("#") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        guard !fields.isEmpty else { throw CLIError.cancelled("edit cancelled: nothing was changed") }
        var edit = ArticleEdit()
        if let value = fields["title"], !value.isEmpty { edit.title = value }
        if let value = fields["url"] { edit.url = .some(value.isEmpty ? nil : value) }
        if let value = fields["byline"] { edit.byline = .some(value.isEmpty ? nil : value) }
        if let value = fields["site"] { edit.site = .some(value.isEmpty ? nil : value) }
        if let value = fields["date"] { edit.publishedAt = .some(value.isEmpty ? nil : try parseDate(value, option: "date:")) }
        if let value = fields["tags"] {
            let wanted = Set(Tag.normalizedSet(value.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)))
            edit.addTags = Array(wanted.subtracting(article.tags))
            edit.removeTags = Array(Set(article.tags).subtracting(wanted))
        }
        return edit
    }
}
