import Storage

extension Store {
    /// `perform` for the pages: runs the work off the cooperative pool, and turns a store
    /// error into what the page says (`WebReaderError`).
    func webPerform<T: Sendable>(_ work: @escaping @Sendable (Store) throws(StoreError) -> T) async throws(WebReaderError) -> T {
        do {
            return try await perform(work)
        } catch {
            throw WebReaderError(error)
        }
    }
}
