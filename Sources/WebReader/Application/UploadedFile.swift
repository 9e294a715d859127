import Foundation

/// A file sent with a `multipart/form-data` form: the name the browser gave it and its bytes.
package struct UploadedFile: Sendable, Equatable {
    /// The field the file came in.
    package var field: String
    /// The file's name on the reader's machine (only its last component), or `upload`.
    package var fileName: String
    package var data: Data

    package init(field: String, fileName: String, data: Data) {
        self.field = field
        self.fileName = fileName
        self.data = data
    }
}
