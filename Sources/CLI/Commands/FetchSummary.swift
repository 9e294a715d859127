import ArgumentParser
import Foundation
import Models
import Storage
import Web

/// What fetching the pending articles did.
struct FetchSummary: Encodable {
    var fetched: [String] = []
    /// Article id → why its fetch failed (it stays pending).
    var failed: [String: String] = [:]
    /// Whether every failure may pass (offline, timeouts, server errors).
    var allFailuresTransient = true
}
