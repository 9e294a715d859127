#if canImport(Glibc)
    import Glibc
#endif

/// Some of the process's environment variables, read one by one.
///
/// `ProcessInfo.processInfo.environment` builds a dictionary of every variable, Foundation's
/// process information set up first: a seventieth of a whole `folio search` process, which
/// reads five of them (docs/benchmarks.md, "Search").
enum ProcessEnvironment {
    /// The variables among `names` that are set, by name.
    static func reading(_ names: [String]) -> [String: String] {
        var variables: [String: String] = [:]
        for name in names {
            if let value = getenv(name) { variables[name] = String(cString: value) }
        }
        return variables
    }
}
