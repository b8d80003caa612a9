import ArgumentParser
import Foundation
import Host
import RPC
import Runtime
import Spawn
import Synchronization
import UnixSignals

#if canImport(Glibc)
import Glibc
#endif

/// `oi-host dev`: the seed's `cli dev` — starts `oi-adapter` (the REST + SSE
/// server for the web console and REST clients) with this host under it,
/// both on the configuration read here, and prints the URL once it listens.
/// Ctrl-C stops both. Hummingbird stays out of this binary: the adapter is a
/// program of its own, found beside this one.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev", abstract: "Start the REST + SSE adapter with its host and print the URL (docs/rest.md).")

    @OptionGroup var settings: SettingsOptions

    @Option(name: [.short, .long], help: "Port (default: server.port, i.e. $PORT or the config file, else 3000; 0 picks a free one).")
    var port: Int?

    @Option(name: .customLong("host"), help: "Address to listen on (loopback unless an API token exists or --insecure).")
    var bindHost = "127.0.0.1"

    @Flag(help: "Serve without API tokens beyond loopback (trusts the network).")
    var insecure = false

    @Option(help: "The console's build, served outside /api.")
    var web = "web/dist"

    @Option(name: .customLong("adapter-binary"), help: "The oi-adapter executable (default: beside oi-host).")
    var adapterBinary: String?

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--port must be 0…65535") }
    }

    func run() async throws {
        let config = try settings.load()
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let adapter = adapterBinary ?? me.deletingLastPathComponent().appendingPathComponent("oi-adapter").path
        guard FileManager.default.isExecutableFile(atPath: adapter) else {
            throw ValidationError("oi-adapter not found at \(adapter): build it with `swift build --product oi-adapter`")
        }
        var arguments = [
            "--port", String(port ?? Int(config.int("server.port") ?? 3000)), "--host", bindHost, "--web", web, "--host-binary", me.path,
            "--max-body-bytes", String(config.int("server.maxBodyBytes") ?? 2_097_152),
            "--max-upload-bytes", String(config.int("uploads.maxBytes") ?? 8 << 20),
        ]
        for origin in config["server.corsOrigins"]?.arrayValue?.compactMap(\.stringValue) ?? [] { arguments += ["--cors-origin", origin] }
        if insecure { arguments.append("--insecure") }
        if let level = config.string("log.level") { arguments += ["--log-level", level == "info" ? "notice" : level] }
        arguments += ["--"] + settings.passThrough()
        try await Self.supervise(adapter, arguments)
    }

    /// Runs the adapter, copying its stderr to ours and printing the URL it
    /// listens on to stdout; SIGINT/SIGTERM are passed on to it.
    static func supervise(_ executable: String, _ arguments: [String]) async throws {
        var fds: [Int32] = [0, 0]
        guard fds.withUnsafeMutableBufferPointer({ pipe($0.baseAddress!) }) == 0 else { throw ValidationError("cannot make a pipe") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let exitBox = ExitBox()
        let child = try ChildProcess.spawn(executable: executable, arguments: arguments, environment: ProcessInfo.processInfo.environment,
                                           directory: nil, stdin: 0, stdout: 1, stderr: fds[1]) { termination in
            switch termination {
            case .exited(let code): exitBox.set(code)
            case .signaled(let signal): exitBox.set(128 + signal)
            }
        }
        close(fds[1])
        FileDescriptorReader.spawn(fd: fds[0], maxLineBytes: 1 << 20, closeWhenDone: true, onEvent: { event in
            guard case .line(let bytes) = event else { return true }
            var line = bytes
            line.append(0x0A)
            _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
            let text = String(decoding: bytes, as: UTF8.self)
            if let range = text.range(of: "listening on ") {
                let notice = Array("OpenIntern is running at \(text[range.upperBound...]) (REST API under /api, Ctrl-C stops it)\n".utf8)
                _ = notice.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
            }
            return true
        }, onEnd: {})
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        let status = await withTaskGroup(of: Int32?.self) { group in
            group.addTask {
                for await _ in signals {
                    exitBox.whileRunning { kill(child.pid, SIGTERM) }
                }
                return nil
            }
            group.addTask {
                while exitBox.code == nil { try? await Task.sleep(for: .milliseconds(50)) }
                return exitBox.code
            }
            var code: Int32 = 0
            for await result in group {
                if let result { code = result; break }
            }
            group.cancelAll()
            return code
        }
        if status != 0 { throw ExitCode(status) }
    }
}

/// The adapter's exit status once its reaper saw it.
private final class ExitBox: Sendable {
    private let state = Mutex<Int32?>(nil)
    func set(_ code: Int32) { state.withLock { $0 = code } }
    var code: Int32? { state.withLock { $0 } }
    /// Runs `body` only while the process has not been reaped (its pid is still its own).
    func whileRunning(_ body: () -> Void) { state.withLock { if $0 == nil { body() } } }
}

extension SettingsOptions {
    /// These flags again, for the host the adapter starts.
    func passThrough() -> [String] {
        var out: [String] = []
        if let configFile { out += ["--config", configFile] }
        if let dataDir { out += ["--data-dir", dataDir] }
        if let databaseURL { out += ["--database-url", databaseURL] }
        if let provider { out += ["--provider", provider] }
        if let model { out += ["--model", model] }
        if let logLevel { out += ["--log-level", logLevel] }
        for assignment in assignments { out += ["--set", assignment] }
        return out
    }
}
