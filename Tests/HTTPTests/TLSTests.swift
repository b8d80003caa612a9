import Foundation
import HTTP
import LoopbackServer
import Testing

/// HTTPS against a loopback TLS server with a self-signed certificate for
/// 127.0.0.1 (openssl + python3's ssl module): untrusted by default, trusted
/// when its certificate is given as the CA bundle.
@Suite(.enabled(if: TLSServer.toolsPresent, "needs openssl and python3"))
struct TLSTests {
    @Test func anUntrustedCertificateIsRefusedAsATLSError() async throws {
        let server = try TLSServer()
        defer { server.stop() }
        let error = await #expect(throws: HTTPError.self) {
            try await HTTPClient.shared.send(HTTPRequest(url: "https://127.0.0.1:\(server.port)/"))
        }
        #expect(error?.code == .tls)
        #expect(error?.isTransient == false)
    }

    @Test func aTrustedCertificateCarriesTheExchange() async throws {
        let server = try TLSServer()
        defer { server.stop() }
        let response = try await HTTPClient.shared.send(HTTPRequest(url: "https://127.0.0.1:\(server.port)/", caBundlePath: server.certificate))
        #expect(response.status == 200)
        #expect(String(decoding: try await response.body.collect(upTo: 1024), as: UTF8.self) == "secure")
    }
}
