import ArgumentParser
import Foundation
import Models
import Storage
import Web

/// Fetches pending articles and fills them in; used by `folio fetch` and `folio sync --fetch`.
///
/// Up to `jobs` pages are fetched at once, at most `perHost` from one host (`FetchSchedule`).
/// Each fetch has its own `PageFetcher`, so its own libcurl handle and Dispatch queue: the
/// transfers block those threads, never Swift's cooperative pool (which has one thread per
/// core and would otherwise cap the fetches at the number of cores). The child tasks only
/// await them and read the pages; this task stores each result as it comes, so that what was
/// fetched is kept whatever happens next.
struct PendingFetcher {
    let store: Store
    let timeout: Int
    /// Fetches at once.
    var jobs = 8
    /// Fetches at once to one host: polite to a site that holds much of the queue.
    static let perHost = 2

    /// One fetch's outcome, with the fetcher it used (free again).
    private struct Outcome: Sendable {
        let article: Article
        let fetcher: PageFetcher
        let result: Result<ArticleDraft, FetchError>
    }

    /// Fetches `articles` (those with a URL), with a progress line on stderr when `progress`.
    /// When the task is cancelled (Ctrl-C), the fetches running are aborted, nothing more is
    /// started, and the summary says `interrupted`; aborted fetches are not counted as attempts.
    func run(_ articles: [Article], progress showsProgress: Bool) async throws -> FetchSummary {
        var summary = FetchSummary()
        let articles = articles.filter { $0.url != nil }
        guard !articles.isEmpty else { return summary }
        var idle: [PageFetcher] = []
        for _ in 0..<min(max(1, jobs), articles.count) { idle.append(try PageFetcher(timeout: timeout)) }
        var schedule = FetchSchedule(articles, perHost: Self.perHost)
        var progress = FetchProgress(total: articles.count)
        let clock = ContinuousClock()
        let start = clock.now
        func show() {
            guard showsProgress else { return }
            let elapsed = start.duration(to: clock.now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            FileHandle.standardError.write(Data(("\r" + progress.line(elapsed: seconds) + "\u{1B}[K").utf8))
        }
        show()
        defer { if showsProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) } }
        try await withThrowingTaskGroup(of: Outcome.self) { group in
            while !idle.isEmpty, let article = schedule.next() {
                let fetcher = idle.removeLast()
                group.addTask { await Self.fetch(article, with: fetcher) }
            }
            while let outcome = try await group.next() {
                schedule.finished(outcome.article)
                idle.append(outcome.fetcher)
                try await record(outcome, in: &summary, progress: &progress)
                if Task.isCancelled { schedule.dropWaiting() }
                while !idle.isEmpty, let article = schedule.next() {
                    let fetcher = idle.removeLast()
                    group.addTask { await Self.fetch(article, with: fetcher) }
                }
                show()
            }
        }
        summary.interrupted = Task.isCancelled
        return summary
    }

    /// Fetches and reads one article's page (in a child task).
    private static func fetch(_ article: Article, with fetcher: PageFetcher) async -> Outcome {
        let result: Result<ArticleDraft, FetchError>
        do {
            result = .success(try PageReader.read(try await fetcher.fetch(article.url ?? "")))
        } catch {
            result = .failure(error)
        }
        return Outcome(article: article, fetcher: fetcher, result: result)
    }

    /// Stores one outcome, as one transaction, and counts it.
    private func record(_ outcome: Outcome, in summary: inout FetchSummary, progress: inout FetchProgress) async throws {
        let id = outcome.article.id
        switch outcome.result {
        case .success(let document):
            try await store.perform { (store: Store) throws(StoreError) in try store.completeFetch(articleID: id, with: document) }
            summary.fetched.append(id)
            progress.fetched += 1
        case .failure(.transport(.cancelled)):
            // Aborted by Ctrl-C: not an attempt, and the article stays as it was.
            break
        case .failure(let error):
            let (reason, deadLink) = (error.description, error.isDeadLink)
            let attempts = try await store.perform { (store: Store) throws(StoreError) in
                try store.recordFetchFailure(articleID: id, error: reason, deadLink: deadLink)
            }
            summary.failed[id] = error.description
            if attempts.isFailed { summary.gaveUp.append(id) }
            if !error.isTransient || attempts.isFailed { summary.allFailuresTransient = false }
            progress.failed += 1
        }
    }
}
