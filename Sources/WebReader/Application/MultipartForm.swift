import Foundation
import Hummingbird
import MultipartKit

/// A `multipart/form-data` body (a form with a file input) read into its text fields and its
/// files, with MultipartKit's parser.
struct MultipartForm {
    var fields: [(name: String, value: String)] = []
    var files: [UploadedFile] = []

    /// The boundary of a `Content-Type: multipart/form-data; boundary=…` header, or nil for any
    /// other type.
    static func boundary(contentType: String) -> String? {
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for part in parts.dropFirst() where part.lowercased().hasPrefix("boundary=") {
            let value = part.dropFirst("boundary=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// Reads the body. A part without a `name` is ignored; a part with a `filename` is a file
    /// (an empty file input sends one with no name and no bytes: ignored too).
    /// - Throws: `WebReaderError.badRequest` when the body is not multipart as its header says.
    init(body: ByteBuffer, boundary: String) throws(WebReaderError) {
        let parser = MultipartParser(boundary: boundary)
        var disposition: String?
        var partBody = ByteBuffer()
        var parts: [(disposition: String, body: ByteBuffer)] = []
        parser.onHeader = { name, value in
            if name.lowercased() == "content-disposition" { disposition = value }
        }
        parser.onBody = { chunk in partBody.writeBuffer(&chunk) }
        parser.onPartComplete = {
            if let disposition { parts.append((disposition, partBody)) }
            disposition = nil
            partBody = ByteBuffer()
        }
        do {
            try parser.execute(body)
        } catch {
            throw .badRequest("The form could not be read (\(error)).")
        }
        for part in parts {
            guard let name = Self.parameter("name", of: part.disposition) else { continue }
            if let fileName = Self.parameter("filename", of: part.disposition) {
                guard !fileName.isEmpty || part.body.readableBytes > 0 else { continue }
                let last = fileName.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
                files.append(UploadedFile(field: name, fileName: last.isEmpty ? "upload" : last, data: Data(part.body.readableBytesView)))
            } else {
                fields.append((name, String(buffer: part.body)))
            }
        }
    }

    /// A parameter of a `Content-Disposition` value: `form-data; name="file"; filename="a b.csv"`.
    static func parameter(_ key: String, of disposition: String) -> String? {
        var rest = Substring(disposition)
        while let semicolon = rest.firstIndex(of: ";") {
            rest = rest[rest.index(after: semicolon)...].drop(while: { $0 == " " || $0 == "\t" })
            guard let equals = rest.firstIndex(of: "=") else { return nil }
            let name = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var value = rest[rest.index(after: equals)...]
            var parsed = ""
            if value.first == "\"" {
                value = value.dropFirst()
                var escaped = false
                var end = value.endIndex
                for index in value.indices {
                    let character = value[index]
                    if escaped {
                        parsed.append(character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        end = index
                        break
                    } else {
                        parsed.append(character)
                    }
                }
                rest = end < value.endIndex ? value[value.index(after: end)...] : value[value.endIndex...]
            } else {
                let end = value.firstIndex(of: ";") ?? value.endIndex
                parsed = value[..<end].trimmingCharacters(in: .whitespaces)
                rest = value[end...]
            }
            if name == key { return parsed }
        }
        return nil
    }
}
