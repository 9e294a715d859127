import Foundation
import Hummingbird
import Models
import Storage
import Web

/// `GET /add`, and saving: a URL fetched and read into an article as `folio add URL` does
/// (saved pending, with the reason, when the site cannot be reached or the page has no main
/// text; refused when it cannot become an article), or pasted text as `folio add -` reads it.
struct AddRoutes {
    let store: Store
    let views: WebViews
    let chrome: ChromeMaker
    let fetchTimeout: Int

    func add(to router: Router<WebRequestContext>) {
        router.get("/add") { _, context in views.page("add", AddPage(chrome: chrome.make(context, title: "Add"), error: nil)) }
        router.post("/add/url") { _, context in try await addURL(context: context) }
        router.post("/add/text") { _, context in try await addText(context: context) }
    }

    private func refuse(_ message: String, context: WebRequestContext) -> Response {
        views.page("add", AddPage(chrome: chrome.make(context, title: "Add"), error: message), status: .unprocessableContent)
    }

    func addURL(context: WebRequestContext) async throws -> Response {
        guard let url = context.form.text("url"), URLNormalizer.isWebURL(url) else {
            return refuse("Give an http or https URL.", context: context)
        }
        let tags = TagField.tags(context.form["tags"] ?? "")
        if let existing = try await store.webPerform({ store throws(StoreError) in try store.existingArticle(url: url) }) {
            return WebViews.redirect(to: "/articles/\(existing.id)?done=duplicate")
        }
        var article = Article(url: url, title: url, content: "", tags: tags, contentStatus: .pending)
        var deferred: FetchError?
        do throws(FetchError) {
            let page = try await PageFetcher(timeout: fetchTimeout).fetch(url)
            article = Article(draft: try PageReader.read(page), url: url, tags: tags)
        } catch  where error.isTransient || error.isMissingMainText {
            deferred = error
        } catch {
            return refuse("Not saved: \(error.description)", context: context)
        }
        let saving = article
        let reason = deferred?.description
        let outcome = try await store.webPerform { store throws(StoreError) in
            let outcome = try store.add(saving)
            if case .added(let saved) = outcome, let reason { try store.recordFetchFailure(articleID: saved.id, error: reason) }
            return outcome
        }
        switch outcome {
        case .duplicate(let existing): return WebViews.redirect(to: "/articles/\(existing.id)?done=duplicate")
        case .added(let saved): return WebViews.redirect(to: "/articles/\(saved.id)?done=\(deferred == nil ? "added" : "pending")")
        }
    }

    func addText(context: WebRequestContext) async throws -> Response {
        guard let text = context.form.text("text") else { return refuse("The text is empty: nothing was saved.", context: context) }
        let url = context.form.text("url")
        if let url, !URLNormalizer.isWebURL(url) { return refuse("The URL must be an http or https URL.", context: context) }
        let draft: ArticleDraft
        do {
            draft = try PageReader.read(Data(text.utf8), source: "the pasted text", fileName: nil, url: url)
        } catch {
            return refuse("Not saved: \(error.description)", context: context)
        }
        let article = Article(draft: draft, url: url, title: context.form.text("title"), tags: TagField.tags(context.form["tags"] ?? ""))
        let outcome = try await store.webPerform { store throws(StoreError) in try store.add(article) }
        switch outcome {
        case .duplicate(let existing): return WebViews.redirect(to: "/articles/\(existing.id)?done=duplicate")
        case .added(let saved): return WebViews.redirect(to: "/articles/\(saved.id)?done=added")
        }
    }
}
