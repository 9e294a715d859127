// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Folio",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "folio", targets: ["client"])
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Value types, clocks, URL normalization and text import: Foundation only.
        .target(name: "Models"),
        // The client's SQLite store: schema, change log, full-text search.
        .target(
            name: "Storage",
            dependencies: [
                "Models",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // libcurl, with typed wrappers for its variadic functions.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // The sync engine's HTTP transport (libcurl) and retry rules.
        .target(name: "Sync", dependencies: ["Models", "Storage", "CCurl"]),
        // The `folio` command-line client.
        .executableTarget(
            name: "client",
            dependencies: [
                "Models",
                "Storage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks of import and search (`make bench`, docs/benchmarks.md).
        .executableTarget(name: "folio-bench", dependencies: ["Models", "Storage"]),
        .testTarget(name: "ModelsTests", dependencies: ["Models"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage", "Models"]),
        .testTarget(name: "CLITests", dependencies: ["Models"]),
        .testTarget(name: "SyncTests", dependencies: ["Sync", "Models"]),
    ],
    swiftLanguageModes: [.v6]
)
