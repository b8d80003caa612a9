import Foundation
import JSON

// The Codable bridge alone, in memory: decoding a request's params and
// encoding a result, the way the method table did it before (JSONWriter bytes
// read by Foundation's JSONDecoder; Foundation's JSONEncoder) and does now
// (JSONValueDecoder over the parsed tree; JSONBytesEncoder). ns per operation,
// best of five rounds.

private struct ScopeParams: Codable {
    var orgID: String
    var userID: String
    var projectID: String?
    enum CodingKeys: String, CodingKey { case orgID = "org_id", userID = "user_id", projectID = "project_id" }
}

private struct LLMConfig: Codable {
    var provider: String?
    var model: String?
    var temperature: Double?
    var maxTokens: Int?
    enum CodingKeys: String, CodingKey { case provider, model, temperature, maxTokens = "max_tokens" }
}

private struct AgentBlock: Codable {
    var maxSteps: Int?
    var systemPrompt: String?
    var tools: [String]?
    enum CodingKeys: String, CodingKey { case maxSteps = "max_steps", systemPrompt = "system_prompt", tools }
}

/// Shaped like runs/create's params.
private struct CreateParams: Codable {
    var input: String
    var sessionKey: String?
    var llmConfig: LLMConfig?
    var agent: AgentBlock?
    var idempotencyKey: String?
    var metadata: JSONValue?
    var scope: ScopeParams?
    enum CodingKeys: String, CodingKey {
        case input, agent, metadata, scope
        case sessionKey = "session_key", llmConfig = "llm_config", idempotencyKey = "idempotency_key"
    }
}

/// Shaped like runs/get's params.
private struct GetParams: Codable {
    var runID: String
    var scope: ScopeParams?
    enum CodingKeys: String, CodingKey { case runID = "run_id", scope }
}

/// About the size of a run view (21 members).
private struct RunView: Codable {
    var runID, sessionID, status, input: String
    var output, error: String?
    var createdAt: String
    var startedAt, finishedAt: String?
    var steps, maxSteps: Int
    var inputTokens, outputTokens: Int64
    var costUSD: Double
    var model: String
    var priority, attempts: Int
    var cancelRequested: Bool
    var parentRunID: String?
    var tags: [String]
    var metadata: [String: String]
    enum CodingKeys: String, CodingKey {
        case status, input, output, error, steps, model, priority, attempts, tags, metadata
        case runID = "run_id", sessionID = "session_id", createdAt = "created_at", startedAt = "started_at"
        case finishedAt = "finished_at", maxSteps = "max_steps", inputTokens = "input_tokens"
        case outputTokens = "output_tokens", costUSD = "cost_usd", cancelRequested = "cancel_requested"
        case parentRunID = "parent_run_id"
    }
}

private let createLine = #"{"jsonrpc":"2.0","id":42,"method":"runs/create","params":{"input":"Summarise the open issues and propose a plan","session_key":"cli-main","llm_config":{"provider":"scripted","model":"m","temperature":0.2,"max_tokens":1024},"agent":{"max_steps":12,"tools":["fs.read","web.fetch"]},"idempotency_key":"k-1","metadata":{"origin":"cli","tags":["a","b"]},"scope":{"org_id":"acme","user_id":"ana"}}}"#
private let getParams: JSONValue = ["run_id": "run_01JABCDEF0123456789", "scope": ["org_id": "acme", "user_id": "ana"]]

private let view = RunView(
    runID: "run_01JABCDEF0123456789", sessionID: "ses_01JABCDEF0123456789", status: "succeeded",
    input: "Summarise the open issues and propose a plan", output: "Here is the plan:\n1. \"Fix\" the parser",
    error: nil, createdAt: "2026-01-05T10:00:00.000Z", startedAt: "2026-01-05T10:00:00.120Z",
    finishedAt: "2026-01-05T10:00:04.500Z", steps: 3, maxSteps: 20, inputTokens: 1234, outputTokens: 567,
    costUSD: 0.01234, model: "scripted", priority: 0, attempts: 1, cancelRequested: false, parentRunID: nil,
    tags: ["nightly", "triage"], metadata: ["origin": "cli", "user": "ana"])

/// Keeps results alive so the optimizer cannot drop the work.
nonisolated(unsafe) private var sink = 0

private func nsPerOp(_ iterations: Int, _ body: () throws -> Int) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<5 {
        let started = ContinuousClock.now
        for _ in 0..<iterations { sink &+= try body() }
        let elapsed = ContinuousClock.now - started
        let ns = (Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9) / Double(iterations)
        best = min(best, ns)
    }
    return best
}

private func report(_ what: String, old: Double, new: Double) {
    print(String(format: "coding: %@: Foundation %.0f ns, now %.0f ns (%.1fx)", what, old, new, old / new))
}

func codingFigures(iterations: Int) throws {
    let line = Array(createLine.utf8)
    let parse = try nsPerOp(iterations) { try JSONParser.parse(line)["id"]?.intValue.map(Int.init) ?? 0 }
    print(String(format: "coding: parsing a runs/create request line (%d bytes): %.0f ns", line.count, parse))
    let createParams = try JSONParser.parse(line)["params"]!

    func foundationDecode<T: Decodable>(_ type: T.Type, _ value: JSONValue) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(JSONWriter.encode(value)))
    }
    func foundationEncode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    report("decoding runs/create params",
           old: try nsPerOp(iterations) { try foundationDecode(CreateParams.self, createParams).input.utf8.count },
           new: try nsPerOp(iterations) { try JSONValueCoding.decode(CreateParams.self, from: createParams).input.utf8.count })
    report("decoding runs/get params",
           old: try nsPerOp(iterations) { try foundationDecode(GetParams.self, getParams).runID.utf8.count },
           new: try nsPerOp(iterations) { try JSONValueCoding.decode(GetParams.self, from: getParams).runID.utf8.count })
    report("encoding a run view struct (21 members)",
           old: try nsPerOp(iterations) { try foundationEncode(view).count },
           new: try nsPerOp(iterations) { try JSONValueCoding.encodeBytes(view).count })
    // What runs/get returns today: the view as a JSONValue.
    let viewValue = try JSONValueCoding.encode(view)
    report("encoding a run view JSONValue",
           old: try nsPerOp(iterations) { try foundationEncode(viewValue).count },
           new: try nsPerOp(iterations) { try JSONValueCoding.encodeBytes(viewValue).count })
}
