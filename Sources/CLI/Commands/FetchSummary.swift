import ArgumentParser
import Foundation
import Models
import Storage
import Web

/// What fetching the pending articles did.
struct FetchSummary: Encodable {
    var fetched: [String] = []
    /// Article id → why its fetch failed (it stays pending, or failed when in `gaveUp`).
    var failed: [String: String] = [:]
    /// Articles given up on by this run: a dead link (404, 410, no such host) for the
    /// `Store.deadLinkAttemptLimit`th time in a row. `folio fetch` skips them from now on.
    var gaveUp: [String] = []
    /// Articles given up on before, left out (`folio fetch --retry-failed` tries them).
    var skippedFailed = 0
    /// Whether Ctrl-C stopped the run before every article was tried.
    var interrupted = false
    /// Whether every failure may pass (offline, timeouts, server errors).
    var allFailuresTransient = true

    /// Failures of this run that stay pending (the others were given up on).
    var stillPending: Int { failed.count - gaveUp.count }
}
