import Foundation
import Testing
@testable import Store

/// Quotes, SQL, emoji, NUL, big and odd strings are stored and returned
/// intact; what must not be stored (NUL in keys, lone surrogate escapes in
/// JSON, huge keys) is refused with `.invalidInput` naming the field, on both
/// backends alike.
@Suite struct HostileInputTests {
    static let megabyte = String(repeating: "0123456789abcdef", count: 65_536)
    static let storable = [
        "it's a \"quoted\" `thing`",
        "'; DROP TABLE runs; --",
        "Robert'); DELETE FROM events WHERE ('1'='1",
        "emoji 🧪 family 👩‍👩‍👧‍👦 flag 🇫🇷 zwj\u{200D}",
        "back\\slash $1 ?1 %_ :name @p",
        "line\nbreak\r\ttab \u{7F} \u{1B}[31m",
        "\u{FEFF}bom and \u{FFFF} and 中文 العربية",
    ]

    static func json(_ string: String) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: ["s": string]), as: UTF8.self)
    }

    @Test(arguments: Backend.all)
    func hostileStringsRoundTripThroughEveryTextField(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            for (i, s) in Self.storable.enumerated() {
                let created = try await db.runs.create(NewRun(
                    sessionKey: s, agentID: s, input: s, agentConfig: try Self.json(s), llmConfig: try Self.json(s),
                    metadata: try Self.json(s), idempotencyKey: s, groupID: s, roleID: s), in: Tenants.a)
                let run = try #require(try await db.runs.get(created.run.id, in: Tenants.a))
                #expect(run.sessionKey == s && run.agentID == s && run.input == s && run.idempotencyKey == s)
                #expect(run.groupID == s && run.roleID == s)
                try expectSameJSON(run.metadata, try Self.json(s))
                #expect(try await db.runs.create(NewRun(sessionKey: s, input: "again", idempotencyKey: s), in: Tenants.a).existing)
                #expect(try await db.runs.listSession(s, in: Tenants.a).total == 1, "the idempotent create made no second run")

                let updated = try #require(try await db.runs.update(run.id, in: Tenants.a, RunUpdate(
                    status: .cancelled, stopReason: s, output: try Self.json(s), error: try Self.json(s))))
                #expect(updated.stopReason == s)
                try expectSameJSON(updated.output, try Self.json(s))

                let events = try await db.events.append([
                    NewEvent(type: s, payload: try Self.json(s), groupID: s, roleID: s, messageType: s),
                ], to: run.id, in: Tenants.a)
                let read = try await db.events.list(run.id, in: Tenants.a, filter: EventFilter(types: [s]))
                #expect(read.map(\.id) == events.map(\.id))
                #expect(read.first?.type == s && read.first?.messageType == s)
                try expectSameJSON(read.first?.payload, try Self.json(s))
                #expect(try await db.events.count(run.id, in: Tenants.a, filter: EventFilter(typePrefixes: [s])) == 1)

                _ = try await db.checkpoints.save(NewCheckpoint(step: i, state: try Self.json(s)), for: run.id, in: Tenants.a)
                try expectSameJSON(try await db.checkpoints.latest(for: run.id, in: Tenants.a)?.state, try Self.json(s))

                _ = try await db.approvals.create(NewApproval(callID: s, toolName: s, args: try Self.json(s)), for: run.id, in: Tenants.a)
                let decided = try await db.approvals.decide(runID: run.id, callID: s, .allowAlways, reason: s, in: Tenants.a)
                #expect(decided?.toolName == s && decided?.reason == s)
                #expect(try await db.toolGrants.isGranted(s, in: Tenants.a))
            }
            // The tables are all still there.
            #expect(try await db.runs.list(in: Tenants.a, limit: 100).runs.count == Self.storable.count)
        }
    }

    @Test(arguments: Backend.all)
    func aOneMegabyteStringIsStoredIntactInFreeTextAndJSON(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let big = Self.megabyte + "🧪"
            let run = try await db.runs.create(NewRun(sessionKey: "s", input: big, metadata: try Self.json(big)), in: Tenants.a).run
            let fetched = try #require(try await db.runs.get(run.id, in: Tenants.a))
            #expect(fetched.input == big)
            try expectSameJSON(fetched.metadata, try Self.json(big))
            _ = try await db.events.append([NewEvent(type: "tool.result", payload: try Self.json(big))], to: run.id, in: Tenants.a)
            try expectSameJSON(try await db.events.list(run.id, in: Tenants.a).first?.payload, try Self.json(big))
            _ = try await db.checkpoints.save(NewCheckpoint(step: 0, state: try Self.json(big)), for: run.id, in: Tenants.a)
            try expectSameJSON(try await db.checkpoints.latest(for: run.id, in: Tenants.a)?.state, try Self.json(big))
            // Keys are indexed; a megabyte key is refused up front on both backends.
            let error = await expectStoreError(.invalidInput) {
                try await db.runs.create(NewRun(sessionKey: Self.megabyte, input: "x"), in: Tenants.a)
            }
            #expect(error?.field == "session_key")
            await expectStoreError(.invalidInput) { try await db.events.append([NewEvent(type: Self.megabyte)], to: run.id, in: Tenants.a) }
        }
    }

    @Test(arguments: Backend.all)
    func nulInContentIsStoredIntactAndNULInKeysIsRefusedNamingTheField(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let nul = "before\u{0}after"
            // Keys never hold NUL: refused with the field named, nothing written.
            let cases: [(String, @Sendable () async throws -> Void)] = [
                ("session_key", { _ = try await db.runs.create(NewRun(sessionKey: nul, input: "x"), in: Tenants.a) }),
                ("idempotency_key", { _ = try await db.runs.create(NewRun(sessionKey: "s", input: "x", idempotencyKey: nul), in: Tenants.a) }),
            ]
            for (field, attempt) in cases {
                let error = await expectStoreError(.invalidInput) { try await attempt() }
                #expect(error?.field == field)
            }
            #expect(try await db.runs.list(in: Tenants.a).runs.isEmpty)
            // Content keeps every character, U+0000 and the PostgreSQL escape marker included.
            let tricky = "a\u{0}b\u{10FFFD}c\u{10FFFD}0d\u{0}"
            let created = try await db.runs.create(NewRun(sessionKey: "s", input: tricky, metadata: #"{"a":"x\u0000y"}"#), in: Tenants.a)
            let read = try #require(try await db.runs.get(created.run.id, in: Tenants.a))
            #expect(read.input == tricky)
            #expect(read.metadata == #"{"a":"x\u0000y"}"#)
            let run = try await db.makeRun(Tenants.a)
            let eventError = await expectStoreError(.invalidInput) {
                try await db.events.append([NewEvent(type: "ok"), NewEvent(type: nul)], to: run.id, in: Tenants.a)
            }
            #expect(eventError?.field == "events[1].type")
            let payload = #"{"text":"x\u0000y\u0000"}"#
            _ = try await db.events.append([NewEvent(type: "x", payload: payload)], to: run.id, in: Tenants.a)
            let stored = try await db.events.list(run.id, in: Tenants.a)
            #expect(stored.count == 1)
            // Stored as the very bytes given, on PostgreSQL too (text, not jsonb).
            #expect(stored[0].payload == payload)
            await expectStoreError(.invalidInput) { try await db.approvals.create(NewApproval(callID: nul, toolName: "t"), for: run.id, in: Tenants.a) }
            await expectStoreError(.invalidInput) { try await db.toolGrants.grant(nul, in: Tenants.a) }
            // Raw SQL hands text with NUL to the database and gets it back unchanged.
            let echoed = try await db.transaction(.tenant(Tenants.a)) { c in try c.queryFirst("SELECT $1 AS v", [.text(tricky)]) }
            #expect(echoed?["v"].string == tricky)
        }
    }

    @Test(arguments: Backend.all)
    func invalidJSONAndLoneSurrogateEscapesAreRefusedOnBothBackends(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let run = try await db.makeRun(Tenants.a)
            for bad in [#"{"a":"\ud800"}"#, #""\udfff""#, #"{"a":"\ud83dx"}"#, "{'single':1}", "", "{\"a\":1,}"] {
                let error = await expectStoreError(.invalidInput) {
                    try await db.events.append([NewEvent(type: "x", payload: bad)], to: run.id, in: Tenants.a)
                }
                #expect(error?.field == "events[0].payload")
            }
            // A correctly paired surrogate escape is valid JSON and comes back as the same value.
            let paired = #"{"a":"\ud83d\ude00"}"#
            _ = try await db.events.append([NewEvent(type: "x", payload: paired)], to: run.id, in: Tenants.a)
            try expectSameJSON(try await db.events.list(run.id, in: Tenants.a).first?.payload, #"{"a":"😀"}"#)
        }
    }

    @Test func hostileScopesAreRefusedBeforeAnySQL() {
        for org in ["'; DROP TABLE runs; --", "org\u{0}", "org a", "ørg", "org/1"] {
            #expect(throws: StoreError.self) { try Scope(orgID: org, userID: "u") }
        }
    }
}
