import Hummingbird
import Storage
import Sync

/// `POST /sync`: the library page's Sync button, as `folio sync` does it, with the server and
/// token of `folio login`.
struct SyncRoutes {
    let store: Store
    let paths: FolioPaths

    func add(to router: Router<WebRequestContext>) {
        router.post("/sync") { _, _ in try await sync() }
    }

    func sync() async throws -> Response {
        let summary = try await Self.sync(store: store, paths: paths)
        return WebViews.redirect(to: "/?done=sync&pushed=\(summary.pushed)&pulled=\(summary.pulled)")
    }

    /// One sync of the library with the server of `folio login`, as `folio sync` does it (the
    /// button, and `--sync-every`).
    static func sync(store: Store, paths: FolioPaths) async throws(WebReaderError) -> SyncSummary {
        let configuration: SyncConfiguration
        do {
            configuration = try SyncConfiguration.load(paths)
        } catch SyncError.notLoggedIn {
            throw .badRequest("This library is not logged in to a sync server: run `folio login URL` first.")
        } catch {
            throw .badRequest("\(error)")
        }
        do {
            var engine = SyncEngine(
                store: store,
                service: try configuration.service(deviceID: { try? store.deviceID() }, lastSequence: { try? store.lastChangeSequence() }))
            engine.deviceName = configuration.resolvedDeviceName
            return try await engine.sync()
        } catch let error as StoreError {
            throw WebReaderError(error)
        } catch {
            throw .syncFailed("\(error)")
        }
    }
}
