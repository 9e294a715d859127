import Hummingbird

/// What `GET /health` answers.
struct Health: ResponseEncodable {
    var status = "ok"
}
