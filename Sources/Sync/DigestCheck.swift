/// What comparing the device's digest with the server's found.
package enum DigestCheck: String, Sendable, Codable, Equatable {
    /// The same items at the same versions.
    case match
    /// A difference: a sync with `verify` repairs it by pulling everything again.
    case differs
    /// A difference that pulling everything again did not repair.
    case differsAfterRepair
    /// Not compared: local changes wait to be pushed, another device pushed meanwhile, or the
    /// service cannot say.
    case skipped
}
