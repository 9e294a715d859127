import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Asks the system's resolver about a host name, to tell a name that does not exist from a
/// resolver that could not be asked (offline), which libcurl reports alike.
package enum HostLookup {
    /// Whether the resolver answers that `host` has no address: `EAI_NONAME` (NXDOMAIN, or
    /// no such name in the hosts file), not a temporary failure (`EAI_AGAIN`: no network, no
    /// answer from the DNS server). Blocks while the resolver works: call it on the
    /// transport's own thread, never from async code.
    package static func isUnknown(_ host: String) -> Bool {
        // A bracketed IPv6 literal is an address, never a name to look up.
        guard !host.isEmpty, !host.hasPrefix("[") else { return false }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &result)
        if let result { freeaddrinfo(result) }
        return status == EAI_NONAME
    }
}
