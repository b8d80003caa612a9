import Testing
@testable import RPC

@Suite struct SchemaValidatorTests {
    let schema = Schema.object([
        "name": Schema.string(minLength: 1, maxLength: 5),
        "limit": Schema.integer(minimum: 1, maximum: 100),
        "tags": Schema.array(Schema.oneOf(strings: ["a", "b"]), maxItems: 2),
        "nested": Schema.object(["id": Schema.string(pattern: "^run_")], required: ["id"]),
        "maybe": Schema.nullable(Schema.boolean),
    ], required: ["name"])

    func firstPath(_ value: JSONValue) -> String? {
        SchemaValidator.validate(value, against: schema, path: "params").first?.path
    }

    @Test func acceptsAValidValue() {
        #expect(SchemaValidator.validate(["name": "ab", "limit": 5, "tags": ["a"], "nested": ["id": "run_1"], "maybe": nil], against: schema).isEmpty)
    }

    @Test func namesTheOffendingFieldByPath() {
        #expect(firstPath([:]) == "params.name")
        #expect(firstPath(["name": ""]) == "params.name")
        #expect(firstPath(["name": "abcdef"]) == "params.name")
        #expect(firstPath(["name": "a", "limit": 0]) == "params.limit")
        #expect(firstPath(["name": "a", "limit": 1.5]) == "params.limit")
        #expect(firstPath(["name": "a", "tags": ["a", "c"]]) == "params.tags[1]")
        #expect(firstPath(["name": "a", "tags": ["a", "a", "a"]]) == "params.tags")
        #expect(firstPath(["name": "a", "nested": [:]]) == "params.nested.id")
        #expect(firstPath(["name": "a", "nested": ["id": "x"]]) == "params.nested.id")
        #expect(firstPath(["name": "a", "bogus": 1]) == "params.bogus")
        #expect(firstPath(["name": "a", "maybe": "yes"]) == "params.maybe")
    }

    @Test func wholeDoublesCountAsIntegers() {
        #expect(SchemaValidator.validate(.double(3), against: Schema.integer()).isEmpty)
    }
}
