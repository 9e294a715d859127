import FolioTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Storage

@testable import WebReader

/// The reader's routes in process over a fresh store, and a browser to drive them.
func withReader(
    password: String? = nil, _ body: @Sendable (Browser, Store) async throws -> Void
) async throws {
    let temporary = try TemporaryStore(configuration: StoreConfiguration(lockTimeout: 2))
    let store = temporary.store
    var logger = Logger(label: "folio-web-test")
    logger.logLevel = .warning
    let router = try WebReaderApplication.buildRouter(
        store: store,
        configuration: WebReaderConfiguration(
            password: password, fetchTimeout: 5, paths: FolioPaths(dataDirectory: temporary.folder, configDirectory: temporary.folder)),
        logger: logger)
    try await Application(router: router, logger: logger).test(.router) { client in
        try await body(Browser(client), store)
    }
    withExtendedLifetime(temporary) {}
}
