// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Folio",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "folio", targets: ["client"]),
        .executable(name: "folio-server", targets: ["folio-server"]),
        .executable(name: "folio-extract-bench", targets: ["folio-extract-bench"]),
        .executable(name: "folio-web", targets: ["folio-web"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
    ],
    targets: [
        // The release number and the git commit of the build, for `--version`.
        .target(name: "BuildInfo", plugins: ["BuildInfoPlugin"]),
        .plugin(name: "BuildInfoPlugin", capability: .buildTool()),
        // Values and the rules over them (articles, notes, clocks, merges, the sync protocol): Foundation only.
        .target(name: "Models"),
        // The client's SQLite store: schema, change log, full-text search.
        // The full-text ranking (`folio_rank`: FTS5's BM25 without the length lookups of rows that
        // cannot be among the best), an FTS5 auxiliary function in C over the system's SQLite.
        .target(name: "CRanking", linkerSettings: [.linkedLibrary("sqlite3"), .linkedLibrary("m")]),
        .target(
            name: "Storage",
            dependencies: [
                "Models",
                "CRanking",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // libcurl, loaded on first use (so that `folio search` does not load it and its dependencies),
        // with typed wrappers for its variadic functions. Its header comes from libcurl4-openssl-dev.
        .target(name: "CCurl", dependencies: ["CLoader"]),
        // dlopen with the reason of a failure as text (CCurl and CLibXML2 load their libraries with it).
        .target(name: "CLoader", linkerSettings: [.linkedLibrary("dl")]),
        // zlib, and gzip bodies for HTTP (client pushes and server answers).
        .systemLibrary(name: "CSystemZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "Gzip", dependencies: ["CSystemZlib"]),
        // libxml2's HTML parser (the readable-article extraction parses pages with it), loaded on
        // first use like libcurl. Its headers come from libxml2-dev, outside the default include path.
        .target(
            name: "CLibXML2",
            dependencies: ["CLoader"],
            cSettings: [.unsafeFlags(["-I/usr/include/libxml2"])]
        ),
        // Readable-article extraction from HTML pages into article drafts: metadata, main content as Markdown and text.
        .target(
            name: "Extraction",
            dependencies: ["Models", "CLibXML2"],
            swiftSettings: [.unsafeFlags(["-Xcc", "-I/usr/include/libxml2"])]
        ),
        // HTTP over libcurl, with the one rule of what is worth retrying (sync and page fetches).
        .target(name: "HTTP", dependencies: ["CCurl"]),
        // The client's sync engine: the protocol's steps over HTTP, applied to the store.
        .target(name: "Sync", dependencies: ["Models", "Storage", "HTTP", "Gzip"]),
        // Saving from the web: fetching pages (through HTTP) and reading them into articles
        // (Extraction for HTML).
        .target(name: "Web", dependencies: ["Models", "HTTP", "Extraction"]),
        // Reading other tools' exports (Pocket, Instapaper, Omnivore, bookmarks, wallabag, …) into
        // one batch of items: pure parsers, no store.
        .target(
            name: "Import",
            dependencies: [
                "Models",
                "Extraction",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
        // Bringing a library in: other tools' exports (through Import) and Folio's own, read and
        // planned, then saved into the store; what `folio import` and the web reader's import share.
        .target(name: "LibraryImport", dependencies: ["Models", "Storage", "Import"]),
        // OpenSSL's digests (token hashing on the server).
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        // The self-hosted sync server: its commands, routes and both stores (SQLite and
        // PostgreSQL behind one protocol), carrying out `SyncRules`' plans.
        .target(
            name: "Server",
            dependencies: [
                "Models",
                "BuildInfo",
                "COpenSSL",
                "Gzip",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The web reader: the store's library, articles, notes and search as server-rendered pages.
        .target(
            name: "WebReader",
            dependencies: [
                "Models",
                "Storage",
                "Web",
                "Sync",
                "BuildInfo",
                "Import",
                "LibraryImport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `folio-web`: runs the `WebReader` library's command.
        .executableTarget(name: "folio-web", dependencies: ["WebReader"]),
        // `folio-server`: runs the `Server` library's command.
        .executableTarget(name: "folio-server", dependencies: ["Server"]),
        // The `folio` commands: parsing, terminal conventions, output, exit codes.
        .target(
            name: "CLI",
            dependencies: [
                "Models",
                "BuildInfo",
                "Storage",
                "Sync",
                "Web",
                "Import",
                "LibraryImport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `folio`: runs the `CLI` library's command.
        .executableTarget(name: "client", dependencies: ["CLI"]),
        // Benchmarks of import and search (`make bench`, docs/benchmarks.md).
        .executableTarget(name: "folio-bench", dependencies: ["Models", "Storage"]),
        // Extraction quality and speed over the shared test pages (scripts/bench-extraction.sh).
        .executableTarget(name: "folio-extract-bench", dependencies: ["Extraction", "Gzip", "Models"]),
        // What the test targets share: temporary folders and stores, library snapshots, the
        // loopback fixtures, the `folio` harness and `folio-server` processes.
        .target(name: "FolioTestSupport", dependencies: ["Storage", "Models"], path: "Tests/FolioTestSupport"),
        .testTarget(name: "ModelsTests", dependencies: ["Models"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "Models", "FolioTestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["Models", "HTTP", "Sync", "Gzip", "FolioTestSupport"]),
        // The CLI library in process: its pure pieces and its parsing, no binary.
        .testTarget(
            name: "CommandTests",
            dependencies: ["CLI", "Models", "Storage", "Sync", "Web", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .testTarget(name: "SyncTests", dependencies: ["Sync", "HTTP", "Storage", "Models", "FolioTestSupport"]),
        .testTarget(name: "GzipTests", dependencies: ["Gzip"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "Models", "FolioTestSupport"]),
        .testTarget(name: "ExtractionTests", dependencies: ["Extraction", "Models"]),
        .testTarget(
            name: "ImportTests", dependencies: ["Import", "Models", "FolioTestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "WebTests", dependencies: ["Web", "HTTP", "Models"]),
        .testTarget(
            name: "WebReaderTests",
            dependencies: [
                "WebReader", "Storage", "Models", "FolioTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Models", "Gzip", "FolioTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
