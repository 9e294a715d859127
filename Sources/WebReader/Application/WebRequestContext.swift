import Hummingbird

/// What the reader knows of a request while it is handled: the browser's session and, for a
/// form post, its fields (read and CSRF-checked by `SessionMiddleware`).
package struct WebRequestContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    /// Set by `SessionMiddleware` for every request.
    package var session: WebSession?
    /// The fields of a posted form.
    package var form = FormFields()
    /// The files of a posted `multipart/form-data` form.
    package var uploads: [UploadedFile] = []

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        session = nil
    }

    /// Posted articles may be as large as `folio add` takes (20 MB) and some.
    package var maxUploadSize: Int { 24 << 20 }

    /// An export file to import may be larger: a library with its articles' text.
    package static let maxImportSize = 512 << 20

    /// The session's CSRF token, for the forms of a page.
    var csrfToken: String { session?.csrfToken ?? "" }
}
