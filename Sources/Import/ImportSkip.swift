/// A row that cannot become an article, with why: counted and reported, never fatal.
package struct ImportSkip: Sendable, Hashable, Codable {
    /// Why a row was skipped.
    package enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
        /// No URL at all.
        case noURL = "no URL"
        /// `javascript:`, `mailto:`, `about:blank`, a browser's smart folder (`place:`), a
        /// relative link: nothing to fetch or read.
        case notWebPage = "not a web page"
        /// The article's text is larger than the 20 MB folio keeps (as `folio add`).
        case tooLarge = "larger than 20 MB"
    }

    package var location: ImportLocation
    package var reason: Reason
    /// What the row held (its URL, shortened), for the report.
    package var detail: String

    package init(location: ImportLocation, reason: Reason, detail: String) {
        self.location = location
        self.reason = reason
        self.detail = detail
    }
}
