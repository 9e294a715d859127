import Foundation

/// The one owner of the sync protocol's JSON: the client encodes pushes and decodes answers,
/// the server decodes pushes and encodes answers, with these two functions, so both sides
/// always agree on the coding (the messages hold no dates or floats that a coder option
/// could change; timestamps and values travel as text).
package enum WireJSON {
    /// A protocol message as JSON.
    package static func encode<T: Encodable>(_ value: T) throws -> Data {
        try JSONEncoder().encode(value)
    }

    /// A protocol message from JSON; throws `DecodingError` when it is not one.
    package static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try JSONDecoder().decode(type, from: data)
    }
}
