import Models

/// The next page of a pull, asked for while the engine applies the page before it: the server
/// reads and sends it as the store writes. It does not acknowledge its cursor (the page that
/// ends there may still fail to apply). Abandoned, it is cancelled and waited for, so that no
/// request of a finished sync reaches the server afterwards.
struct PrefetchedPull: Sendable {
    let cursor: String
    let limit: Int
    private let task: Task<PullResponse, any Error>

    init(service: any SyncService, after cursor: String, limit: Int) {
        self.cursor = cursor
        self.limit = limit
        task = Task { try await service.pull(after: cursor, limit: limit, order: .log, acknowledging: false) }
    }

    /// Whether this is the pull the engine is asked to make.
    func matches(cursor: String?, limit: Int) -> Bool {
        cursor == self.cursor && limit == self.limit
    }

    /// The page, or the error the pull met.
    func page() async throws -> PullResponse {
        try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }

    /// Cancels the pull and waits for it to end.
    func abandon() async {
        task.cancel()
        _ = try? await task.value
    }
}
