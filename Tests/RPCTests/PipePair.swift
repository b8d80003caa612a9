import Foundation
@testable import RPC

#if canImport(Glibc)
import Glibc
#endif

/// Two pipes wired as a duplex link between a server connection and a test peer.
struct PipePair {
    let serverIn: Int32, clientOut: Int32
    let clientIn: Int32, serverOut: Int32

    init() {
        var a: [Int32] = [0, 0], b: [Int32] = [0, 0]
        _ = a.withUnsafeMutableBufferPointer { pipe($0.baseAddress!) }
        _ = b.withUnsafeMutableBufferPointer { pipe($0.baseAddress!) }
        serverIn = a[0]; clientOut = a[1]
        clientIn = b[0]; serverOut = b[1]
    }
}

/// A raw line-level peer for asserting exact bytes.
final class RawPeer: Sendable {
    let reader: FileDescriptorReader
    let out: Int32

    init(input: Int32, output: Int32) {
        reader = FileDescriptorReader(fd: input, maxLineBytes: 1 << 24)
        out = output
        reader.start()
    }

    func send(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        bytes.withUnsafeBytes { raw in var o = 0; while o < raw.count { o += write(out, raw.baseAddress! + o, raw.count - o) } }
    }

    func next() async -> JSONValue? {
        while let event = await reader.events.next() {
            if case .line(let bytes) = event { return try? JSONParser.parse(bytes) }
        }
        return nil
    }

    func close() { Glibc.close(out) }
}

enum Slow: RPCMethod {
    static let name = "test/slow"
    static let summary = "sleeps"
    struct Params: Codable, Sendable { var ms: Int }
    typealias Result = String
    static let paramsSchema = Schema.object(["ms": Schema.integer(minimum: 0)], required: ["ms"])
    static let resultSchema = Schema.string()
}

enum Ask: RPCMethod {
    static let name = "test/ask"
    static let summary = "asks the peer back"
    typealias Params = EmptyParams
    typealias Result = JSONValue
    static let paramsSchema = Schema.emptyObject
    static let resultSchema = Schema.any
}

enum Answer: RPCMethod {
    static let name = "client/answer"
    static let summary = "client side"
    typealias Params = EmptyParams
    typealias Result = String
    static let paramsSchema = Schema.emptyObject
    static let resultSchema = Schema.string()
}

func testTable() -> MethodTable {
    var t = MethodTable()
    t.register(Slow.self) { params, _ in
        try await Task.sleep(for: .milliseconds(params.ms))
        return "slept \(params.ms)"
    }
    t.register(Ask.self) { _, context in
        try await context.connection.request(Answer.name)
    }
    return t
}
