import Foundation
import Hummingbird
import Import
import LibraryImport
import Storage

/// `POST /import`: export files uploaded from the add page, imported as `folio import` does
/// (the same `LibraryImporter`: formats found from the content, duplicates merged, one
/// transaction), and a page saying what was done. A file that cannot be read changes nothing
/// and the add page says why.
struct ImportRoutes {
    let store: Store
    let views: WebViews
    let chrome: ChromeMaker

    func add(to router: Router<WebRequestContext>) {
        router.post("/import") { _, context in try await importFiles(context: context) }
    }

    /// What reading and saving the files came to.
    enum Attempt: Sendable {
        case done(ImportSummary)
        case refused(String)
    }

    func importFiles(context: WebRequestContext) async throws -> Response {
        let files = context.uploads.filter { $0.field == "file" }.map { (name: $0.fileName, data: $0.data) }
        guard !files.isEmpty else { return refuse("Choose the export file to import.", context: context) }
        var forced: ImportFormat?
        if let name = context.form.text("from") {
            guard let format = ImportFormat(rawValue: name) else { return refuse("No import format is called \(name).", context: context) }
            forced = format
        }
        let tags = TagField.tags(context.form["tags"] ?? "")
        let importer = LibraryImporter(forced: forced, extraTags: tags, dryRun: context.form["dry-run"] != nil)
        let attempt = try await store.webPerform { store throws(StoreError) -> Attempt in
            let prepared: PreparedImport
            do {
                prepared = try importer.prepare(files)
            } catch let error as ImportError {
                return .refused(error.description)
            } catch let error as StoreError {
                return .refused(error.description)
            } catch {
                return .refused("\(error)")
            }
            return .done(try importer.apply(prepared, to: store))
        }
        switch attempt {
        case .refused(let reason): return refuse("Nothing was imported: \(reason)", context: context)
        case .done(let summary):
            let title = summary.dryRun ? "Would import" : "Imported"
            return views.page("imported", ImportedPage(chrome: chrome.make(context, title: title), summary: summary, tags: tags))
        }
    }

    private func refuse(_ message: String, context: WebRequestContext) -> Response {
        views.page("add", AddPage(chrome: chrome.make(context, title: "Add"), error: message), status: .unprocessableContent)
    }
}
