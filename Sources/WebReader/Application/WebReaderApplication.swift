import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Storage

/// The parts of `folio-web` put together: `buildRouter` for the pages (what the in-process
/// route tests drive), `buildApplication` for the listening server.
package enum WebReaderApplication {
    /// Every page and form over `store`, behind `SessionMiddleware`.
    package static func buildRouter(store: Store, configuration: WebReaderConfiguration, logger: Logger) throws -> Router<WebRequestContext> {
        let views = try WebViews()
        let sessions = WebSessions()
        let chrome = ChromeMaker(requiresLogin: configuration.requiresLogin)
        let router = Router(context: WebRequestContext.self)
        router.add(middleware: LogRequestsMiddleware(.info))
        router.add(middleware: SessionMiddleware(sessions: sessions, requiresLogin: configuration.requiresLogin, views: views, logger: logger))
        AssetRoutes().add(to: router)
        LoginRoutes(views: views, chrome: chrome, sessions: sessions, password: configuration.password).add(to: router)
        LibraryRoutes(store: store, views: views, chrome: chrome).add(to: router)
        ArticleRoutes(store: store, views: views, chrome: chrome).add(to: router)
        SearchRoutes(store: store, views: views, chrome: chrome).add(to: router)
        NoteRoutes(store: store, views: views, chrome: chrome).add(to: router)
        AddRoutes(store: store, views: views, chrome: chrome, fetchTimeout: configuration.fetchTimeout).add(to: router)
        ImportRoutes(store: store, views: views, chrome: chrome).add(to: router)
        SyncRoutes(store: store, paths: configuration.paths).add(to: router)
        return router
    }

    /// The server; prints "listening on http://HOST:PORT" on standard output once it listens.
    package static func buildApplication(store: Store, configuration: WebReaderConfiguration, logger: Logger) throws -> some ApplicationProtocol {
        let host = configuration.host
        let paths = configuration.paths
        let services: [any Service] =
            configuration.syncEvery.map { interval in
                [
                    PeriodicSync(interval: interval, logger: logger) {
                        let summary = try await SyncRoutes.sync(store: store, paths: paths)
                        logger.info("synced", metadata: ["pushed": "\(summary.pushed)", "pulled": "\(summary.pulled)"])
                    }
                ]
            } ?? []
        return Application(
            router: try buildRouter(store: store, configuration: configuration, logger: logger),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "folio-web"),
            services: services,
            onServerRunning: { channel in
                let line = "listening on http://\(host):\(channel.localAddress?.port ?? 0)\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            },
            logger: logger)
    }
}
