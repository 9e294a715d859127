/// What `--version` prints for both executables: the release and the commit it was built from.
package enum BuildInfo {
    /// The release number.
    package static let version = "0.2.0"

    /// "0.2.0 (commit 1a2b3c4d5e6f)".
    package static var description: String {
        "\(version) (commit \(buildCommit))"
    }
}
