import Foundation
import Models
import Storage

/// What the simulated network does to one request of a device.
enum Fault: Sendable, Hashable, CustomStringConvertible {
    /// Delivered, and answered.
    case deliver
    /// Lost before the server sees it.
    case dropRequest
    /// The server handled it (a push is committed); the answer is lost.
    case dropResponse
    /// Sent twice; the device gets the second answer.
    case duplicate
    /// Pushes: held in the network (the device times out) and delivered later, after other
    /// requests. Pulls: answered by the server as it was at this device's previous request.
    case delay
    /// The device crashes before the request leaves.
    case crashBefore
    /// The server handles the request; the device crashes before the answer arrives.
    case crashAfter

    var description: String {
        switch self {
        case .deliver: "ok"
        case .dropRequest: "drop-request"
        case .dropResponse: "drop-response"
        case .duplicate: "duplicate"
        case .delay: "delay"
        case .crashBefore: "crash-before"
        case .crashAfter: "crash-after"
        }
    }
}

/// One local operation of a person on a device, with every value decided (so that a history
/// replays exactly, and still makes sense with steps taken out of it).
enum SimulatedOperation: Sendable {
    case addArticle(Article)
    case editArticle(id: String, ArticleEdit)
    case addNote(Note)
    case editNote(id: String, NoteEdit)
    /// Resolves a note's conflict keeping one side: 0 its shown body, 1 and on its conflicts.
    case resolveNote(id: String, side: Int)
    case trash(ItemID)
    case restore(ItemID)
    case purge(ItemID)
    case emptyTrash

    /// The items the operation names (besides the notes an article's purge takes with it).
    var itemIDs: [String] {
        switch self {
        case .addArticle(let article): [article.id]
        case .addNote(let note): [note.id] + (note.articleID.map { [$0] } ?? [])
        case .editArticle(let id, _), .editNote(let id, _), .resolveNote(let id, _): [id]
        case .trash(let item), .restore(let item), .purge(let item): [item.id]
        case .emptyTrash: []
        }
    }
}

extension ItemID {
    /// The full id of the article or note.
    var id: String {
        switch self {
        case .article(let id), .note(let id): id
        }
    }
}

/// One step of a simulated history: the time moves on, then one thing happens.
struct SimulationStep: Sendable, CustomStringConvertible {
    enum Action: Sendable {
        /// A person works on a device.
        case work(device: Int, SimulatedOperation)
        /// A device syncs; its successive requests meet `faults` (then none).
        case sync(device: Int, pushBatch: Int, page: Int, faults: [Fault])
        /// The network delivers one of the pushes it holds (by position, modulo their count).
        case deliverHeld(Int)
        /// A device's process dies between two steps; its store is opened again from the file.
        case crash(device: Int)
        /// The server process restarts; its log persists.
        case restartServer
        /// The server loses its data and starts a new epoch.
        case resetServer(epoch: String)
        /// A device's wall clock jumps (backwards when negative).
        case clockJump(device: Int, millis: Int64)
        /// A buggy or hostile client, with the user's own token, pushes a change no Folio
        /// writes (a wrongly typed value, a clock out of range): the server must refuse it.
        case hostilePush(Change)
        /// The server compacts up to that many items (`Int.max`: all it can, as
        /// `folio-server compact`).
        case compactServer(itemLimit: Int)
        /// The server forgets a device (`folio-server device forget`, or a device unseen for
        /// the horizon): it no longer holds compaction back, and may come back later with
        /// what it held then.
        case forgetDevice(device: Int)
    }

    /// Milliseconds the simulated time moves on before the action.
    var advance: Int64
    var action: Action

    var description: String {
        let time = advance > 0 ? "+\(advance)ms " : ""
        switch action {
        case .work(let device, let operation): return time + "d\(device) " + Self.describe(operation)
        case .sync(let device, let pushBatch, let page, let faults):
            let faultText = faults.isEmpty ? "" : " faults=[\(faults.map(\.description).joined(separator: ","))]"
            return time + "d\(device) sync batch=\(pushBatch) page=\(page)" + faultText
        case .deliverHeld(let index): return time + "network delivers held push #\(index)"
        case .crash(let device): return time + "d\(device) crashes"
        case .restartServer: return time + "server restarts"
        case .resetServer: return time + "server loses its data (new epoch)"
        case .clockJump(let device, let millis): return time + "d\(device) clock jumps \(millis)ms"
        case .compactServer(let itemLimit):
            return time + (itemLimit == .max ? "server compacts" : "server compacts \(itemLimit) items")
        case .forgetDevice(let device): return time + "server forgets d\(device)"
        case .hostilePush(let change):
            return time
                + "a rogue client pushes \(change.operation.rawValue) \(Self.name(change.entityID)) \(change.field ?? "")=\(change.value?.prefix(30) ?? "nil") at \(change.timestamp)"
        }
    }

    /// A short name for an item id made by the simulation (`a12`, `n3`).
    static func name(_ id: String) -> String {
        let tail = id.suffix(12)
        guard let kind = tail.first, let number = Int(tail.dropFirst()) else { return String(id.prefix(8)) }
        return "\(kind == "a" ? "a" : "n")\(number)"
    }

    static func describe(_ operation: SimulatedOperation) -> String {
        switch operation {
        case .addArticle(let article):
            return "add \(name(article.id)) url=\(article.url ?? "-") title=\(article.title) tags=\(article.tags)"
        case .editArticle(let id, let edit): return "edit \(name(id)) \(describe(edit))"
        case .addNote(let note):
            let quote = note.quote.map { " quote=\($0)" } ?? ""
            return
                "add \(name(note.id)) on \(note.articleID.map(name) ?? "-") body=\(note.body.replacingOccurrences(of: "\n", with: "|"))\(quote) tags=\(note.tags)"
        case .editNote(let id, let edit):
            var parts: [String] = []
            if let body = edit.body { parts.append("body=" + body.replacingOccurrences(of: "\n", with: "|")) }
            if !edit.addTags.isEmpty { parts.append("+tags=\(edit.addTags)") }
            if !edit.removeTags.isEmpty { parts.append("-tags=\(edit.removeTags)") }
            return "edit \(name(id)) " + parts.joined(separator: " ")
        case .resolveNote(let id, let side): return "resolve \(name(id)) keeping side \(side)"
        case .trash(let item): return "trash \(name(item.id))"
        case .restore(let item): return "restore \(name(item.id))"
        case .purge(let item): return "purge \(name(item.id))"
        case .emptyTrash: return "empty trash"
        }
    }

    static func describe(_ edit: ArticleEdit) -> String {
        var parts: [String] = []
        if let title = edit.title { parts.append("title=\(title)") }
        if let url = edit.url { parts.append("url=\(url ?? "nil")") }
        if let byline = edit.byline { parts.append("byline=\(byline ?? "nil")") }
        if let site = edit.site { parts.append("site=\(site ?? "nil")") }
        if let published = edit.publishedAt { parts.append("published=\(published.map(ISODate.format) ?? "nil")") }
        if let content = edit.content { parts.append("content=\(content)") }
        if let state = edit.state { parts.append("state=\(state.rawValue)") }
        if let starred = edit.starred { parts.append("starred=\(starred)") }
        if let progress = edit.progress { parts.append("progress=\(progress)") }
        if let status = edit.contentStatus { parts.append("status=\(status.rawValue)") }
        if !edit.addTags.isEmpty { parts.append("+tags=\(edit.addTags)") }
        if !edit.removeTags.isEmpty { parts.append("-tags=\(edit.removeTags)") }
        return parts.joined(separator: " ")
    }
}
