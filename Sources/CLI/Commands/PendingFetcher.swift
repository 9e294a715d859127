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
/// core and would otherwise cap the fetches at the number of cores). Child tasks await the
/// transfers, then read the pages (a freed fetcher starts its next page first, so reading and
/// storing never hold up the network); this task stores each result as it comes, so that what
/// was fetched is kept whatever happens next.
struct PendingFetcher {
    let store: Store
    let timeout: Int
    /// Fetches at once.
    var jobs = 8
    /// Fetches at once to one host: polite to a site that holds much of the queue.
    static let perHost = 2

    /// What a child task did: fetched a page (its fetcher is free again), or read one.
    private enum Step: Sendable {
        case fetched(Article, PageFetcher, Result<FetchedPage, FetchError>)
        case read(Article, Result<ArticleDraft, FetchError>)
    }

    /// Fetches `articles` (those with a URL), with a progress line on stderr when `progress`.
    /// When the task is cancelled (Ctrl-C), the fetches running are aborted, nothing more is
    /// started, and the summary says `interrupted`; pages already fetched are still read and
    /// stored, and aborted fetches are not counted as attempts.
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
            DescriptorWriter.write("\r" + progress.line(elapsed: seconds) + "\u{1B}[K", to: STDERR_FILENO)
        }
        show()
        defer { if showsProgress { DescriptorWriter.write("\r\u{1B}[K", to: STDERR_FILENO) } }
        try await withThrowingTaskGroup(of: Step.self) { group in
            while !idle.isEmpty, let article = schedule.next() {
                let fetcher = idle.removeLast()
                group.addTask { await Self.fetch(article, with: fetcher) }
            }
            while let step = try await group.next() {
                switch step {
                case .fetched(let article, let fetcher, let result):
                    // The next fetch starts at once; reading and storing this page overlap it.
                    schedule.finished(article)
                    idle.append(fetcher)
                    if Task.isCancelled { schedule.dropWaiting() }
                    while !idle.isEmpty, let next = schedule.next() {
                        let fetcher = idle.removeLast()
                        group.addTask { await Self.fetch(next, with: fetcher) }
                    }
                    group.addTask { .read(article, result.flatMap { page in Result { () throws(FetchError) in try PageReader.read(page) } }) }
                case .read(let article, let result):
                    try await record(article, result, in: &summary, progress: &progress)
                    show()
                }
            }
        }
        summary.interrupted = Task.isCancelled
        return summary
    }

    /// Fetches one article's page (in a child task).
    private static func fetch(_ article: Article, with fetcher: PageFetcher) async -> Step {
        let result: Result<FetchedPage, FetchError>
        do {
            result = .success(try await fetcher.fetch(article.url ?? ""))
        } catch {
            result = .failure(error)
        }
        return .fetched(article, fetcher, result)
    }

    /// Stores what one fetch found, as one transaction, and counts it.
    private func record(_ article: Article, _ result: Result<ArticleDraft, FetchError>, in summary: inout FetchSummary, progress: inout FetchProgress)
        async throws
    {
        let id = article.id
        switch result {
        case .success(let document):
            _ = try await store.perform { (store: Store) throws(StoreError) in try store.completeFetch(articleID: id, with: document) }
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
