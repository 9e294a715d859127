import Server

// `folio-server`: everything is in the `Server` library (commands, routes, stores).
await FolioServer.runAsMain()
