import ArgumentParser
import Foundation
import Models
import Storage
import Web

/// Fetches pending articles and fills them in; used by `folio fetch` and `folio sync --fetch`.
struct PendingFetcher {
    let store: Store
    let timeout: Int

    /// Fetches `articles` one after the other, with a progress line on a terminal.
    func run(_ articles: [Article], progress: Bool) async throws -> FetchSummary {
        var summary = FetchSummary()
        let fetcher = try PageFetcher(timeout: timeout)
        for (index, article) in articles.enumerated() {
            if progress { FileHandle.standardError.write(Data("\rfetching \(index + 1)/\(articles.count)…".utf8)) }
            guard let url = article.url else { continue }
            let document: ArticleDraft
            do {
                document = try PageReader.read(try await fetcher.fetch(url))
            } catch {
                try store.recordFetchFailure(articleID: article.id, error: error.description)
                summary.failed[article.id] = error.description
                if !error.isTransient { summary.allFailuresTransient = false }
                continue
            }
            try store.completeFetch(articleID: article.id, with: document)
            summary.fetched.append(article.id)
        }
        if progress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        return summary
    }
}
