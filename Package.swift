// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "OpenIntern",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "oi-host", targets: ["oi-host"]),
        .library(name: "RPC", targets: ["RPC"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "Memory", targets: ["Memory"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // Debian's libsqlite3 (3.40, FTS5 built in) through pkg-config; see docs/decisions.md.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // libpq, the PostgreSQL client library (any server >= 15).
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // JSON values, their parser and writer, Codable bridging (its own decoder and byte encoder), JSON Schema building and validation. Foundation only.
        .target(name: "JSON"),
        // JSON-RPC 2.0: framing, registry, dispatcher, peer client.
        .target(name: "RPC", dependencies: ["JSON"]),
        // Drivers, migrations, repositories. C modules and Foundation only; JSON crosses as text.
        .target(name: "Store", dependencies: ["CSQLite", "CLibPQ"]),
        // libcurl, the only HTTP stack on the model-provider path.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // Non-variadic wrappers around curl_easy_setopt & co., which Swift cannot call.
        .target(name: "CCurlShim", dependencies: ["CCurl"]),
        // posix_spawn with closefrom and clean signals, for MCP server processes.
        .target(name: "CSpawn"),
        // One curl_multi event loop thread; streamed response bodies; SSE parsing.
        .target(name: "HTTP", dependencies: ["CCurl", "CCurlShim"]),
        // Memory tiers, embedders, chunking, hybrid retrieval. Speaks SQL through the Store.
        .target(name: "Memory", dependencies: ["Store", "JSON", "HTTP"]),
        .target(
            name: "Runtime",
            dependencies: [
                "JSON",
                "RPC",
                "Store",
                "HTTP",
                "Memory",
                "CSpawn",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The stdio host: its RPC method table (one type per method, by family) and its services.
        .target(
            name: "Host",
            dependencies: [
                "JSON",
                "RPC",
                "Store",
                "Memory",
                "Runtime",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The `oi-host` command: the stdio host by default, and the seed's CLI.
        .executableTarget(
            name: "oi-host",
            dependencies: [
                "Host",
                "JSON",
                "RPC",
                "Store",
                "Memory",
                "Runtime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "rpc-bench", dependencies: ["RPC", "JSON"], path: "Benchmarks/rpc-bench"),
        .executableTarget(name: "store-bench", dependencies: ["Store"], path: "Benchmarks/store-bench"),
        .executableTarget(name: "memory-bench", dependencies: ["Memory", "Store", "JSON"], path: "Benchmarks/memory-bench"),
        .executableTarget(name: "run-bench", dependencies: ["Runtime", "JSON", "RPC", "Store"], path: "Benchmarks/run-bench"),
        .executableTarget(name: "scale-bench", dependencies: ["JSON"], path: "Benchmarks/scale-bench"),
        .executableTarget(name: "sse-bench", dependencies: ["HTTP", "Runtime", "JSON", "RPC"], path: "Benchmarks/sse-bench"),
        // Loopback HTTP/1.1 servers the HTTP and provider tests script byte for byte.
        .target(name: "LoopbackServer", path: "Tests/Support/LoopbackServer"),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        // What the tests stand on: the host on in-process pipes and a client for it, builders for
        // scopes, scripts, runs and engines, probe tools, and the fresh-database fixture (SQLite, PostgreSQL).
        .target(
            name: "TestSupport",
            dependencies: ["Host", "Runtime", "Store", "RPC", "JSON", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "RPCTests", dependencies: ["RPC", "JSON"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "TestSupport"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "LoopbackServer"]),
        .testTarget(name: "MemoryTests", dependencies: ["Memory", "Store", "JSON", "HTTP", "LoopbackServer"], exclude: ["Fixtures"]),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "Memory", "JSON", "RPC", "Store", "HTTP", "LoopbackServer", "TestSupport", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "HostTests", dependencies: ["JSON", "RPC", "Store", "Runtime", "LoopbackServer", "TestSupport"]),
        .testTarget(name: "HostUnitTests", dependencies: ["Host", "JSON", "RPC", "Runtime", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
