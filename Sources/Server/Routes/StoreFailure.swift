import Hummingbird
import Logging

/// How a store failure reaches a client: logged with its context, answered with a generic
/// 500, never with database details.
enum StoreFailure {
    /// Runs store work for `operation`; an `HTTPError` passes as it is, any other failure is
    /// logged and becomes a 500.
    static func guarded<T>(_ operation: String, logger: Logger, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as HTTPError {
            throw error
        } catch {
            logger.error("store failure", metadata: ["operation": "\(operation)", "error": "\(error)"])
            throw HTTPError(.internalServerError, message: "the server could not complete the \(operation)")
        }
    }
}
