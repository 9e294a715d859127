/// A user of the server.
package struct ServerUser: Sendable, Equatable {
    package var id: Int64
    package var name: String
}
