import Import

/// The add page's model: the URL, pasted-text and import forms, and what went wrong last time.
struct AddPage {
    /// A format the import form offers (`folio import --list-formats`).
    struct Format {
        var name: String
        var summary: String
    }

    var chrome: Chrome
    var error: String?
    var formats: [Format] = ImportFormat.allCases.map { Format(name: $0.rawValue, summary: $0.summary) }
}
