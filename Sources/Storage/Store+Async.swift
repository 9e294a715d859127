import Dispatch

extension Store {
    /// Threads for store work started from async code: SQLite calls block (a write waits up to
    /// `FOLIO_LOCK_TIMEOUT` seconds for another process's lock), and a blocked thread must
    /// never be one of Swift's cooperative pool, which has one per core: the pool would starve
    /// (transfers that libcurl had abandoned came back 140 s late while the simulation's
    /// devices waited in SQLite).
    private static let blockingWork = DispatchQueue(label: "folio.store.async", qos: .userInitiated, attributes: .concurrent)

    /// The store's async API: runs `work` (any of the store's methods, or several in a row) on
    /// a Dispatch thread and resumes the caller with its result, as GRDB's own async
    /// `read`/`write` forms run their work on the database's queues. Each method keeps one
    /// implementation, whether called from the CLI's synchronous code or from the sync engine.
    ///
    ///     let changes = try await store.perform { try $0.unsyncedChanges(limit: 500) }
    package func perform<T: Sendable>(_ work: @escaping @Sendable (Store) throws(StoreError) -> T) async throws(StoreError) -> T {
        let result: Result<T, StoreError> = await withCheckedContinuation { continuation in
            Self.blockingWork.async {
                do throws(StoreError) {
                    continuation.resume(returning: .success(try work(self)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
