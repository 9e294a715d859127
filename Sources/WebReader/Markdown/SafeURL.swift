/// Which URLs an article's links and images may keep: a `javascript:` (or `data:`, `vbscript:`,
/// relative…) URL is dropped, whatever its case and the control characters hidden in it.
enum SafeURL {
    /// The URL for a link: `http`, `https` or `mailto`; nil for any other.
    static func link(_ raw: String) -> String? {
        check(raw, schemes: ["http://", "https://", "mailto:"])
    }

    /// The URL for an image: `http` or `https`; nil for any other.
    static func image(_ raw: String) -> String? {
        check(raw, schemes: ["http://", "https://"])
    }

    private static func check(_ raw: String, schemes: [String]) -> String? {
        // Browsers skip ASCII tabs and newlines inside URLs and leading control characters and
        // spaces, so `java\tscript:` is `javascript:` to them: look at the URL as they do.
        let seen = String(String.UnicodeScalarView(raw.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }))
        let lowered = seen.lowercased()
        guard schemes.contains(where: { lowered.hasPrefix($0) }), lowered.count > 8 || lowered.hasPrefix("mailto:") else { return nil }
        return seen
    }
}
