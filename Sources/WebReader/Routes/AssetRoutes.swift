import Hummingbird

/// `GET /static/folio.css` and `GET /static/folio.js`, from the binary.
struct AssetRoutes {
    func add(to router: Router<WebRequestContext>) {
        router.get("/static/folio.css") { _, _ in Self.asset(Assets.css, type: "text/css; charset=utf-8") }
        router.get("/static/folio.js") { _, _ in Self.asset(Assets.javascript, type: "text/javascript; charset=utf-8") }
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
