/// The notes page's model: all notes, the standalone ones, or those in conflict with their sides.
struct NotesPage {
    var chrome: Chrome
    var filters: [LibraryPage.FilterLink]
    var countText: String
    var notes: [NoteView]
}
