import Foundation
import RPC
import Testing

/// Scripted-provider scripts for tests.
enum Script {
    static func turns(_ turns: [JSONValue], then: String? = nil) -> JSONValue {
        var o: [String: JSONValue] = ["turns": .array(turns)]
        if let then { o["then"] = .string(then) }
        return .object(o)
    }

    static func text(_ text: String, chunks: Int? = nil, chunkDelayMs: Int? = nil, delayMs: Int? = nil) -> JSONValue {
        var o: [String: JSONValue] = ["text": .string(text)]
        if let chunks { o["chunks"] = .int(Int64(chunks)) }
        if let chunkDelayMs { o["chunk_delay_ms"] = .int(Int64(chunkDelayMs)) }
        if let delayMs { o["delay_ms"] = .int(Int64(delayMs)) }
        return .object(o)
    }

    static func tools(_ calls: [(String, JSONValue)], text: String = "", delayMs: Int? = nil) -> JSONValue {
        var o: [String: JSONValue] = ["text": .string(text), "tool_calls": .array(calls.map { ["name": .string($0.0), "arguments": $0.1] })]
        if let delayMs { o["delay_ms"] = .int(Int64(delayMs)) }
        return .object(o)
    }
}

extension HostProcess {
    /// Starts a host on `storage` and initializes it (optionally with a connection scope).
    static func started(_ storage: TestStorage, scope: JSONValue? = nil, environment: [String: String] = [:]) async throws -> HostProcess {
        let host = try HostProcess(environment: storage.environment.merging(environment) { _, b in b })
        let reply = await host.initialize(scope: scope)
        guard reply?["result"] != nil else { throw HostCallError(method: "initialize", reply: reply) }
        return host
    }

    func createRun(_ input: String, script: JSONValue? = nil, extra: [String: JSONValue] = [:]) async throws -> JSONValue {
        var params: [String: JSONValue] = ["input": .string(input)]
        if let script { params["agent"] = ["script": script] }
        for (k, v) in extra {
            if k == "agent", case .object(var agent) = params["agent"] ?? [:], case .object(let more) = v {
                for (ak, av) in more { agent[ak] = av }
                params["agent"] = .object(agent)
            } else {
                params[k] = v
            }
        }
        return try await result("runs/create", .object(params))
    }

    /// Polls `runs/get` until the run's status is one of `statuses`.
    @discardableResult
    func waitFor(_ runID: String, _ statuses: Set<String>, timeout: Duration = .seconds(30), scope: JSONValue? = nil) async throws -> JSONValue {
        let deadline = ContinuousClock.now + timeout
        var params: [String: JSONValue] = ["run_id": .string(runID)]
        if let scope { params["scope"] = scope }
        while true {
            let run = try await result("runs/get", .object(params))
            if let status = run["status"]?.stringValue, statuses.contains(status) { return run }
            if ContinuousClock.now > deadline { throw HostCallError(method: "waitFor \(statuses)", reply: run) }
            try await Task.sleep(for: .milliseconds(25))
        }
    }

    /// Every stored event of a run, tokens included, in `seq` order.
    func allEvents(_ runID: String) async throws -> [JSONValue] {
        var events: [JSONValue] = []
        var cursor: Int64 = 0
        while true {
            let page = try await result("runs/events", ["run_id": .string(runID), "cursor": .int(cursor), "limit": 1000, "include_tokens": true])
            let batch = page["events"]?.arrayValue ?? []
            events += batch
            guard let next = page["next_cursor"]?.stringValue, let n = Int64(next) else { return events }
            cursor = n
        }
    }
}

/// Runs `body` with fresh storage on `backend`, cleaning up after.
func withStorage(_ backend: TestBackend, _ body: (TestStorage) async throws -> Void) async throws {
    let storage = try await TestStorage.make(backend)
    do {
        try await body(storage)
        await storage.cleanup()
    } catch {
        await storage.cleanup()
        throw error
    }
}

/// Every event is valid against its schema in `schemas/events/`, and `seq` is 1…n.
func expectWellFormed(_ events: [JSONValue], sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(events.compactMap { $0["seq"]?.intValue } == Array(1...Int64(max(events.count, 1))).prefix(events.count).map { $0 }, sourceLocation: sourceLocation)
    for event in events {
        let type = event["type"]?.stringValue ?? "?"
        let schema = try SchemaFiles.load("events/\(type).json")
        let failures = SchemaValidator.validate(event, against: schema, path: "event")
        #expect(failures.isEmpty, "\(type): \(failures)", sourceLocation: sourceLocation)
    }
}
