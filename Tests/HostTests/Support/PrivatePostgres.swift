import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A PostgreSQL server of one test's own (`scripts/test-postgres` with
/// `OI_PG_INSTANCE`), so the test can restart or stop it without touching
/// the server the other tests share. Stopped and removed by `stop()`.
struct PrivatePostgres: Sendable {
    let instance: String
    let url: String

    static var available: Bool { TestBackend.postgresURL != nil || TestBackend.isCI }

    static func start() async throws -> PrivatePostgres {
        let instance = "t" + UUID().uuidString.prefix(8).lowercased()
        let out = try await script(instance, "start")
        guard let line = out.split(separator: "\n").first(where: { $0.hasPrefix("TEST_DATABASE_URL=") }) else {
            throw HostCallError(method: "test-postgres start", reply: .string(out))
        }
        return PrivatePostgres(instance: instance, url: String(line.dropFirst("TEST_DATABASE_URL=".count)))
    }

    /// `pg_ctl restart -m fast`.
    func restart() async throws { _ = try await Self.script(instance, "restart") }
    /// Stops the server (its data and port are kept for `resume`).
    func pause() async throws { _ = try await Self.script(instance, "pause") }
    func resume() async throws { _ = try await Self.script(instance, "resume") }
    func stop() async { _ = try? await Self.script(instance, "stop") }

    private static func script(_ instance: String, _ command: String) async throws -> String {
        let output = try await CLIProcess.runExecutable(HostProcess.packageRoot + "/scripts/test-postgres", [command], env: ["OI_PG_INSTANCE": instance])
        guard output.status == 0 else { throw HostCallError(method: "test-postgres \(command): \(output.stderr)", reply: nil) }
        return output.stdout
    }
}
