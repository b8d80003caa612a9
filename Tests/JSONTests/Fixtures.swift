import Foundation
@testable import JSON

// Types shaped like our wire types: snake_case keys, optionals, enums with
// raw values, nested structs, arrays, dictionaries and free-form JSON.

enum BusyPolicy: String, Codable, Equatable { case queue, reject }
enum Level: Int, Codable, Equatable { case low = 1, high = 2 }

struct AgentSpec: Codable, Equatable {
    var model: String
    var maxSteps: Int?
    var temperature: Double?

    enum CodingKeys: String, CodingKey {
        case model, temperature
        case maxSteps = "max_steps"
    }
}

struct CreateParams: Codable, Equatable {
    var input: String
    var agent: AgentSpec?
    var tags: [String]?
    var limits: [String: Int]?
    var onBusy: BusyPolicy?
    var level: Level?
    var metadata: JSONValue?
    var grid: [[Int]]?
    var flags: [Bool]?
    var small: UInt8?

    enum CodingKeys: String, CodingKey {
        case input, agent, tags, limits, level, metadata, grid, flags, small
        case onBusy = "on_busy"
    }
}

/// About the size of a run view: the typical result of runs/get.
struct RunView: Codable, Equatable {
    var runID: String
    var sessionID: String
    var status: String
    var input: String
    var output: String?
    var error: String?
    var createdAt: String
    var startedAt: String?
    var finishedAt: String?
    var steps: Int
    var maxSteps: Int
    var inputTokens: Int64
    var outputTokens: Int64
    var costUSD: Double
    var model: String
    var priority: Int
    var attempts: Int
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

    static let sample = RunView(
        runID: "run_01JABCDEF0123456789", sessionID: "ses_01JABCDEF0123456789", status: "succeeded",
        input: "Summarise the open issues and propose a plan", output: "Here is the plan: …\n1. \"Fix\" the parser",
        error: nil, createdAt: "2026-01-05T10:00:00.000Z", startedAt: "2026-01-05T10:00:00.120Z",
        finishedAt: "2026-01-05T10:00:04.500Z", steps: 3, maxSteps: 20, inputTokens: 1234, outputTokens: 567,
        costUSD: 0.01234, model: "scripted", priority: 0, attempts: 1, cancelRequested: false, parentRunID: nil,
        tags: ["nightly", "triage"], metadata: ["origin": "cli", "user": "ana"])
}

/// Foundation's coders with the options the codebase used before.
enum FoundationCoders {
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    /// The failure the old `JSONValueCoding.decode` gave: the value written
    /// with JSONWriter and read by Foundation's JSONDecoder.
    static func decodingFailure<T: Decodable>(_ type: T.Type, from value: JSONValue) -> JSONDecodingFailure? {
        do {
            _ = try JSONDecoder().decode(T.self, from: Data(JSONWriter.encode(value)))
            return nil
        } catch let error as DecodingError {
            return JSONDecodingFailure(error, root: "params")
        } catch {
            return JSONDecodingFailure(message: "params is invalid: \(error)", path: "params")
        }
    }
}

extension JSONValue {
    /// The same value with numbers compared by value: `1`, `1.0` and `-0.0`
    /// are one number (JSONWriter writes whole doubles as integers).
    var numbersNormalised: JSONValue {
        switch self {
        case .int(let i): return .double(Double(i))
        case .double(let d): return .double(d == 0 ? 0 : d)
        case .array(let a): return .array(a.map(\.numbersNormalised))
        case .object(let o): return .object(o.mapValues(\.numbersNormalised))
        default: return self
        }
    }
}

func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
