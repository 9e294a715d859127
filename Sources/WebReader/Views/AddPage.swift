/// The add page's model: the URL and pasted-text forms, and what went wrong last time.
struct AddPage {
    var chrome: Chrome
    var error: String?
}
