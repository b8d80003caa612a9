// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "OpenIntern",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Store", targets: ["Store"]),
    ],
    targets: [
        // Debian's libsqlite3 (3.40, FTS5 built in) through pkg-config; see docs/decisions.md.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // libpq, the PostgreSQL client library (any server >= 15).
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // Drivers, migrations, repositories. C modules and Foundation only; JSON crosses as text.
        .target(name: "Store", dependencies: ["CSQLite", "CLibPQ"]),
        .executableTarget(name: "store-bench", dependencies: ["Store"], path: "Benchmarks/store-bench"),
        .testTarget(name: "StoreTests", dependencies: ["Store"]),
    ],
    swiftLanguageModes: [.v6]
)
