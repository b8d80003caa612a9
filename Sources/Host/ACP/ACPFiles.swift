import JSON
import RPC
import Runtime

/// The editor's files through ACP `fs/read_text_file` / `fs/write_text_file`
/// (what it offered in `initialize`), for the file tools of its session's
/// runs: the editor reads its buffers (saved or not) and shows our edits.
struct ACPFiles: ClientFiles {
    let connection: RPCConnection
    let sessionID: String
    let canRead: Bool
    let canWrite: Bool

    init(connection: RPCConnection, sessionID: String, capabilities: JSONValue) {
        self.connection = connection
        self.sessionID = sessionID
        canRead = capabilities["fs"]?["readTextFile"]?.boolValue == true
        canWrite = capabilities["fs"]?["writeTextFile"]?.boolValue == true
    }

    func readText(path: String) async throws -> String {
        let result = try await call("fs/read_text_file", ["sessionId": .string(sessionID), "path": .string(path)])
        guard let content = result["content"]?.stringValue else { throw ToolFailure("the editor's fs/read_text_file gave no content for \(path)") }
        return content
    }

    func writeText(path: String, content: String) async throws {
        _ = try await call("fs/write_text_file", ["sessionId": .string(sessionID), "path": .string(path), "content": .string(content)])
    }

    private func call(_ method: String, _ params: JSONValue) async throws -> JSONValue {
        do {
            return try await connection.request(method, params: params)
        } catch let error as RPCError {
            throw ToolFailure("the editor refused \(method): \(error.message)")
        }
    }
}
