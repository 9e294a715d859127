import ArgumentParser
import Foundation
import Models
import Storage

/// Sets one field of each article and reports them: the shared body of archive, star and
/// friends. One id prints one object with `--json`, several an array.
func applyArticleEdit(
    _ typedIDs: [String], command: String, output: OutputOptions, verb: String, _ configure: (inout ArticleEdit) -> Void
) throws {
    try applyArticleEdit(typedIDs, command: command, output: output, describe: { _ in verb }, configure)
}

/// Applies an edit to each article in one transaction and prints what `describe` says of each
/// as it now is.
func applyArticleEdit(
    _ typedIDs: [String], command: String, output: OutputOptions, describe: (Article) -> String,
    _ configure: (inout ArticleEdit) -> Void
) throws {
    let store = try Library.open()
    let articleIDs = try IDList.articles(typedIDs, command: command, in: store)
    var edit = ArticleEdit()
    configure(&edit)
    let articles = try store.edit(articleIDs: articleIDs, edit)
    let shortIDs = try store.shortIDs(articles.map(\.id))
    if output.json {
        let summaries = articles.map { ArticleSummary($0, shortID: shortIDs[$0.id] ?? $0.id) }
        if summaries.count == 1 { try printJSON(summaries[0]) } else { try printJSON(summaries) }
    } else {
        for article in articles { output.say("\(describe(article)) \(shortIDs[article.id] ?? article.id): \(article.title)") }
    }
}
