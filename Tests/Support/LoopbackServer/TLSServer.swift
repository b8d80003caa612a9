import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A python3 TLS server with a self-signed certificate for 127.0.0.1,
/// answering every request (after reading its body) with 200 and `body`
/// (default "secure"). Trust it by passing `certificate` as the CA bundle.
public final class TLSServer: Sendable {
    public let port: Int
    public let certificate: String
    private let process: Process
    private let directory: URL

    public static var toolsPresent: Bool {
        ["/usr/bin/openssl"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) } && python3 != nil
    }

    static var python3: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
        return path.split(separator: ":").map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let script = """
    import os, socket, ssl, sys, threading
    BODY = open(sys.argv[3], "rb").read()
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(sys.argv[1], sys.argv[2])
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    print(srv.getsockname()[1], flush=True)
    def serve(conn):
        try:
            with ctx.wrap_socket(conn, server_side=True) as tls:
                data = b""
                while b"\\r\\n\\r\\n" not in data:
                    chunk = tls.recv(4096)
                    if not chunk:
                        return
                    data += chunk
                head, _, rest = data.partition(b"\\r\\n\\r\\n")
                length = 0
                for line in head.split(b"\\r\\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value.strip())
                while len(rest) < length:
                    chunk = tls.recv(65536)
                    if not chunk:
                        return
                    rest += chunk
                tls.sendall(b"HTTP/1.1 200 OK\\r\\nContent-Type: application/json\\r\\nContent-Length: %d\\r\\nConnection: close\\r\\n\\r\\n" % len(BODY) + BODY)
        except Exception:
            pass
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    while True:
        try:
            conn, _ = srv.accept()
        except OSError:
            break
        threading.Thread(target=serve, args=(conn,), daemon=True).start()
    """

    public init(body: String = "secure") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("oi-tls-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let bodyFile = directory.appendingPathComponent("body").path
        try Data(body.utf8).write(to: URL(fileURLWithPath: bodyFile))
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                             "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()

        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python3 ?? "/usr/bin/python3")
        process.arguments = ["-c", Self.script, certificate, key, bodyFile]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardInput = Pipe()
        // Not the test's own stderr: a child holding it open keeps `swift test | tail` waiting.
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while let byte = try stdout.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line += byte }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else { throw LoopbackStartError() }
        self.port = port
    }

    /// Closing its stdin ends the server; SIGKILL as well, because a child
    /// inherits the test process's blocked signals and so ignores SIGTERM.
    public func stop() {
        (process.standardInput as? Pipe)?.fileHandleForWriting.closeFile()
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    struct LoopbackStartError: Error {}
}
