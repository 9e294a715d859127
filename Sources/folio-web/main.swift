import WebReader

// `folio-web`: everything is in the `WebReader` library (command, routes, views).
await FolioWeb.runAsMain()
