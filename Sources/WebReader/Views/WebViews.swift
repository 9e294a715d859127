import Hummingbird
import Mustache

/// The compiled templates, and responses rendered from them.
package struct WebViews: Sendable {
    private let library: MustacheLibrary

    /// Compiles `Templates.all`; a template that does not parse is a programming error that
    /// the route tests catch, reported here by name.
    package init() throws {
        var library = MustacheLibrary()
        for (name, text) in Templates.all {
            try library.register(text, named: name)
        }
        self.library = library
    }

    /// An HTML page from the template `name` over `model`.
    func page(_ name: String, _ model: Any, status: HTTPResponse.Status = .ok) -> Response {
        let html = library.render(model, withTemplate: name) ?? ""
        return Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A redirect after a form post (303: the browser follows it with a GET).
    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}
