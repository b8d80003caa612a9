import Foundation
import RPC
import Testing

/// Every request read is answered: a client that writes requests and closes
/// stdin at once gets every answer before the host exits.
@Suite struct DrainTests {
    @Test func aThousandRequestsThenEOFGetAThousandAnswersThirtyTimesOver() async throws {
        try await withStorage(.sqlite) { storage in
            var lines = [#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2026-11-01"}}"#]
            let methods = [
                #""method":"system/health""#, #""method":"runs/list","params":{"limit":5}"#,
                #""method":"runs/create","params":{"input":"hi","session_key":"s_%d"}"#,
                #""method":"memory/write","params":{"tier":"archival","content":"note %d"}"#, #""method":"tools/list""#,
            ]
            for i in 1...1000 {
                lines.append(#"{"jsonrpc":"2.0","id":\#(i),"# + String(format: methods[i % methods.count], i % 7) + "}")
            }
            let input = Data((lines.joined(separator: "\n") + "\n").utf8)
            var answered = 0
            for round in 0..<30 {
                let host = try HostProcess(environment: storage.environment.merging(["DATA_DIR": storage.dataDir + "/\(round % 3)"]) { _, b in b })
                host.sendBytes(Array(input))
                host.closeStdin()
                var ids = Set<Int64>()
                while let reply = await host.next(timeout: .seconds(30)) {
                    if let id = reply["id"]?.intValue { ids.insert(id) }
                    if ids.count == 1001 { break }
                }
                #expect(ids.count == 1001, "round \(round): \(ids.count) answers")
                let status = await host.waitExit(timeout: .seconds(20))
                #expect(status == 0, "round \(round): exit status \(String(describing: status))")
                answered += ids.count - 1
            }
            #expect(answered == 30_000)
        }
    }
}
