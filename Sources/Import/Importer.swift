import Foundation

/// Reads export files into one batch: each file's format found from its content (or forced),
/// read by that format's importer.
package enum Importer {
    /// Reads every file into one batch, duplicates within and across the files merged and
    /// loose highlights joined by title. Folio's own format is not read here (`folio import`
    /// reads it as the store's export).
    /// - Throws: `ImportError` for the first file that cannot be read at all.
    package static func read(_ files: [(name: String, data: Data)], format forced: ImportFormat? = nil) throws(ImportError) -> ImportBatch {
        var batch = ImportBatch()
        for file in files {
            try read(file.data, file: file.name, format: forced, into: &batch)
        }
        batch.joinLooseHighlights()
        return batch
    }

    /// The format of a file: the forced one, else the one its content shows.
    package static func format(of data: Data, file: String, forced: ImportFormat?) throws(ImportError) -> ImportFormat {
        if let forced { return forced }
        guard let format = ImportFormat.detect(data) else {
            if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
                throw .malformed(file: file, reason: "the file is empty")
            }
            throw .unrecognized(file: file)
        }
        return format
    }

    static func read(_ data: Data, file: String, format forced: ImportFormat?, into batch: inout ImportBatch) throws(ImportError) {
        switch try format(of: data, file: file, forced: forced) {
        case .folio: throw .malformed(file: file, reason: "a Folio export is read by the store, not as a batch")
        case .pocket: try PocketImporter.read(data, file: file, into: &batch)
        case .instapaper: try InstapaperImporter.read(data, file: file, into: &batch)
        case .omnivore: try OmnivoreImporter.read(data, file: file, into: &batch)
        case .netscape: try NetscapeImporter.read(data, file: file, into: &batch)
        case .wallabag: try WallabagImporter.read(data, file: file, into: &batch)
        case .readwise: try ReadwiseImporter.read(data, file: file, into: &batch)
        case .raindrop: try RaindropImporter.read(data, file: file, into: &batch)
        case .karakeep: try KarakeepImporter.read(data, file: file, into: &batch)
        case .linkwarden: try LinkwardenImporter.read(data, file: file, into: &batch)
        case .pinboard: try PinboardImporter.read(data, file: file, into: &batch)
        case .goodlinks: try GoodLinksImporter.read(data, file: file, into: &batch)
        case .browser: try BrowserJSONImporter.read(data, file: file, into: &batch)
        case .csv: try CSVImporter.read(data, file: file, into: &batch)
        }
    }
}
