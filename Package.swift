// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "OpenIntern",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "oi-host", targets: ["oi-host"]),
        .executable(name: "oi-adapter", targets: ["oi-adapter"]),
        .library(name: "RPC", targets: ["RPC"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "Memory", targets: ["Memory"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // The REST + SSE adapter's HTTP server, and nothing else's (docs/decisions.md,
        // "Hummingbird in the adapter only"). No default traits: swift-configuration is not needed.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        // Hummingbird's header types, named directly by the adapter.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // MinerU's result zips (the runtime's ingestion only; never on the adapter's path).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
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
        // `ChildProcess`: a child started through CSpawn and reaped by a thread of its own
        // (MCP servers, the adapter's host, `oi-host dev`'s adapter).
        .target(name: "Spawn", dependencies: ["CSpawn"]),
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
                "Spawn",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
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
                "REST",
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
                "Spawn",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // The REST surface as data: the route table (each route onto one RPC method), the seed's
        // body translations, the RPC-error → HTTP table, the scope rule and the OpenAPI document.
        // JSON only, so `oi-host schemas` writes schemas/openapi.json without the HTTP server.
        .target(name: "REST", dependencies: ["JSON"]),
        // The REST + SSE adapter: routes, auth, SSE, OpenAPI, over an `oi-host` child it
        // speaks JSON-RPC to. RPC and Spawn only below it: it never opens the database.
        .target(
            name: "Adapter",
            dependencies: [
                "JSON",
                "REST",
                "RPC",
                "Spawn",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "oi-adapter",
            dependencies: ["Adapter", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "rpc-bench", dependencies: ["RPC", "JSON"], path: "Benchmarks/rpc-bench"),
        .executableTarget(name: "store-bench", dependencies: ["Store"], path: "Benchmarks/store-bench"),
        .executableTarget(name: "memory-bench", dependencies: ["Memory", "Store", "JSON"], path: "Benchmarks/memory-bench"),
        .executableTarget(name: "run-bench", dependencies: ["Runtime", "JSON", "RPC", "Store"], path: "Benchmarks/run-bench"),
        // The REST adapter under wrk beside direct RPC, and 100 SSE clients on one run (bench/README.md).
        .executableTarget(name: "adapter-bench", dependencies: ["HTTP", "JSON"], path: "Benchmarks/adapter-bench"),
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
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "Spawn", "Memory", "JSON", "RPC", "Store", "HTTP", "LoopbackServer", "TestSupport", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "HostTests", dependencies: ["JSON", "RPC", "Store", "Runtime", "Spawn", "HTTP", "LoopbackServer", "TestSupport",
                                                .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(name: "AdapterTests", dependencies: ["Adapter", "REST", "JSON", "RPC"]),
        .testTarget(name: "HostUnitTests", dependencies: ["Host", "JSON", "RPC", "Runtime", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
