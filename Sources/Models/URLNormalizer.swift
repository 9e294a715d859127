import Foundation

/// Normalizes URLs so that the same page saved twice is recognized: scheme and host
/// lowercased, default ports dropped, the fragment and tracking parameters removed.
package enum URLNormalizer {
    /// Query parameters that only track where a click came from.
    static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid", "yclid",
        "igshid", "twclid", "ttclid", "_hsenc", "_hsmi", "mkt_tok", "ref_src", "ref_url",
        "oly_anon_id", "oly_enc_id", "vero_id", "wickedid", "s_cid", "spm",
    ]

    /// Whether `text` looks like a web address the user meant to save (http or https).
    package static func isWebURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { return false }
        return true
    }

    /// The normalized form of `text`, or nil when it is not a URL with a scheme and host.
    package static func normalize(_ text: String) -> String? {
        guard var components = URLComponents(string: text.trimmingCharacters(in: .whitespaces)),
            let scheme = components.scheme?.lowercased(), let host = components.host, !host.isEmpty
        else { return nil }
        components.scheme = scheme
        components.host = host.lowercased()
        if (scheme == "http" && components.port == 80) || (scheme == "https" && components.port == 443) {
            components.port = nil
        }
        components.fragment = nil
        if components.path.isEmpty { components.path = "/" }
        if let items = components.queryItems {
            let kept = items.filter { item in
                let name = item.name.lowercased()
                return !name.hasPrefix("utm_") && !trackingParameters.contains(name)
            }
            components.queryItems = kept.isEmpty ? nil : kept
        }
        return components.string
    }

    /// The site name shown for a URL: its host without a leading `www.`.
    package static func siteName(_ text: String) -> String? {
        guard let host = URLComponents(string: text)?.host?.lowercased(), !host.isEmpty else { return nil }
        return host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
    }
}
