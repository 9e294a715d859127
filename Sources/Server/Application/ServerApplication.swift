import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// The parts of `folio-server` put together: `buildRouter` for the routes (what the in-process
/// route tests drive), `buildApplication` for the listening server with the store's services
/// (PostgreSQL's connection pool runs as a service and stops on graceful shutdown) and the
/// compaction that follows pushes (`CompactionService`).
package enum ServerApplication {
    /// The protocol's routes over `repository`, with a log line per request.
    /// `bodyBudget`: the memory push bodies in flight may hold (`--request-memory`);
    /// `compaction`: what compacts a user's log after their pushes (nil: nothing).
    package static func buildRouter(
        repository: any SyncRepository, logger: Logger, bodyBudget: BodyBudget = BodyBudget(bytes: 256 << 20),
        compaction: CompactionService? = nil
    ) -> Router<ServerRequestContext> {
        let router = Router(context: ServerRequestContext.self)
        // One structured line per request (method, path, no headers: tokens stay out of logs).
        router.add(middleware: LogRequestsMiddleware(.info))
        SyncRoutes(repository: repository, logger: logger, bodyBudget: bodyBudget, compaction: compaction).add(to: router)
        return router
    }

    /// The server: the routes, a connection limit and idle timeout on every connection, the
    /// store's services and the compaction after pushes, and the store's schema brought up to date before the first connection is
    /// accepted. Prints "listening on http://HOST:PORT" on standard output once it listens.
    package static func buildApplication(
        configuration: ServerConfiguration, repository: any SyncRepository, logger: Logger
    ) -> some ApplicationProtocol {
        let host = configuration.host
        let connections = InFlightBudget(limit: configuration.maxConnections)
        let compaction = CompactionService(repository: repository, horizon: configuration.horizon, logger: logger)
        var app = Application(
            router: buildRouter(
                repository: repository, logger: logger, bodyBudget: BodyBudget(bytes: configuration.requestMemory),
                compaction: compaction),
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [ConnectionLimitHandler(budget: connections)],
                    idleTimeout: .seconds(Int64(configuration.idleTimeout)))),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "folio-server"),
            // Shut down in reverse order: compaction stops before the store's connection pool.
            services: repository.services + [compaction],
            onServerRunning: { channel in
                let line = "listening on http://\(host):\(channel.localAddress?.port ?? 0)\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            },
            logger: logger)
        app.beforeServerStarts {
            do {
                try await repository.prepare()
            } catch let error as ServerError {
                throw error
            } catch {
                throw ServerError.cannotOpen(String(reflecting: error))
            }
        }
        return app
    }
}
