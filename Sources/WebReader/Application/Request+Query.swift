import Hummingbird

extension Request {
    /// The address's query as a browser's form writes it: `+` for a space, as a GET form
    /// sends its fields (`uri.queryParameters` would keep the `+`).
    var query: FormFields {
        FormFields(encoded: uri.query ?? "")
    }
}
