import CLI

// `folio`: everything is in the `CLI` library (commands, terminal conventions, exit codes).
await Folio.runAsMain()
