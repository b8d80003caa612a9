// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "OpenIntern",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "oi-host", targets: ["oi-host"]),
        .library(name: "RPC", targets: ["RPC"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // JSON-RPC 2.0: JSON values, framing, registry, dispatcher, peer client. Foundation only.
        .target(name: "RPC"),
        // libcurl, the only HTTP stack on the model-provider path.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // Non-variadic wrappers around curl_easy_setopt & co., which Swift cannot call.
        .target(name: "CCurlShim", dependencies: ["CCurl"]),
        // One curl_multi event loop thread; streamed response bodies; SSE parsing.
        .target(name: "HTTP", dependencies: ["CCurl", "CCurlShim"]),
        .target(
            name: "Runtime",
            dependencies: [
                "RPC",
                "HTTP",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "oi-host",
            dependencies: [
                "RPC",
                "Runtime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(name: "rpc-bench", dependencies: ["RPC"], path: "Benchmarks/rpc-bench"),
        .executableTarget(name: "sse-bench", dependencies: ["HTTP", "Runtime", "RPC"], path: "Benchmarks/sse-bench"),
        // Loopback HTTP/1.1 servers the HTTP and provider tests script byte for byte.
        .target(name: "LoopbackServer", path: "Tests/Support/LoopbackServer"),
        .testTarget(name: "RPCTests", dependencies: ["RPC"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "LoopbackServer"]),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime", "RPC", "HTTP", "LoopbackServer"]),
        .testTarget(name: "HostTests", dependencies: ["RPC"]),
    ],
    swiftLanguageModes: [.v6]
)
