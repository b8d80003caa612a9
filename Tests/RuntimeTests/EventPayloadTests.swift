import JSON
import Testing
@testable import Runtime

/// Each event type has one payload struct, and its example passes the
/// published schema: the struct and `schemas/events/` cannot drift apart.
@Suite struct EventPayloadTests {
    @Test func everyPayloadExampleMatchesItsSchema() throws {
        for payload in EventPayloads.all {
            let failures = try payload.exampleFailures()
            #expect(failures.isEmpty, "\(payload.type): \(failures)")
        }
    }

    @Test func everyEventTypeHasExactlyOnePayloadType() {
        let types = EventPayloads.all.map { $0.type }
        #expect(Set(types).count == types.count)
        #expect(Set(types) == Set(EventSchemas.payloads.keys))
    }

    @Test func aPayloadLeavesOutWhatItDoesNotHaveAndKeepsItsKeyOrder() throws {
        let text = RunRecorder.text(RunCancelledPayload(steps: 2))
        #expect(text == #"{"stop_reason":"cancelled","steps":2}"#)
        let called = RunRecorder.text(ToolCalledPayload(callID: "c1", toolName: "echo", args: ["text": "a\u{0}b"]))
        #expect(called == #"{"call_id":"c1","tool_name":"echo","args":{"text":"a\u0000b"}}"#)
    }

    @Test func aPayloadThatBreaksItsSchemaIsCaught() throws {
        // The check can fail: a status outside the schema's states is reported.
        var bad = MessageStatusPayload.example
        bad.state = "sleeping"
        let encoded = try JSONParser.parse(Array(RunRecorder.text(bad).utf8))
        let failures = SchemaValidator.validate(encoded, against: try #require(EventSchemas.payloads[MessageStatusPayload.type]), path: "payload")
        #expect(!failures.isEmpty)
    }
}
