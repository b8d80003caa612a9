import Foundation
import Testing
@testable import JSON

@Suite struct JSONValueDecoderTests {
    let full: JSONValue = [
        "input": "hello",
        "agent": ["model": "scripted", "max_steps": 3, "temperature": 0.5],
        "tags": ["a", "b"],
        "limits": ["x": 1, "y": -2],
        "on_busy": "reject",
        "level": 2,
        "metadata": ["k": [1, 2.5, nil, true, "s"]],
        "grid": [[1, 2], [], [3]],
        "flags": [true, false],
        "small": 255,
    ]

    @Test func decodesNestedStructsEnumsArraysAndDictionaries() throws {
        let p = try JSONValueCoding.decode(CreateParams.self, from: full)
        #expect(p.input == "hello")
        #expect(p.agent == AgentSpec(model: "scripted", maxSteps: 3, temperature: 0.5))
        #expect(p.tags == ["a", "b"])
        #expect(p.limits == ["x": 1, "y": -2])
        #expect(p.onBusy == .reject)
        #expect(p.level == .high)
        #expect(p.metadata == ["k": [1, 2.5, nil, true, "s"]])
        #expect(p.grid == [[1, 2], [], [3]])
        #expect(p.flags == [true, false])
        #expect(p.small == 255)
        #expect(p == (try JSONDecoder().decode(CreateParams.self, from: Data(JSONWriter.encode(full)))))
    }

    @Test func absentAndNullOptionalsAreBothNil() throws {
        let absent = try JSONValueCoding.decode(AgentSpec.self, from: ["model": "m"])
        let null = try JSONValueCoding.decode(AgentSpec.self, from: ["model": "m", "max_steps": nil, "temperature": nil])
        #expect(absent == AgentSpec(model: "m"))
        #expect(null == absent)
    }

    @Test func wholeDoublesDecodeAsIntegersAndIntegersAsDoubles() throws {
        let spec = try JSONValueCoding.decode(AgentSpec.self, from: ["model": "m", "max_steps": .double(3.0), "temperature": 1])
        #expect(spec.maxSteps == 3)
        #expect(spec.temperature == 1.0)
        #expect(try JSONValueDecoder().decode(Int64.self, from: .int(.min)) == .min)
        #expect(try JSONValueDecoder().decode(Int.self, from: .double(-0.0)) == 0)
        #expect(try JSONValueDecoder().decode(Double.self, from: .double(1e300)) == 1e300)
    }

    @Test func jsonValuesDecodeAsThemselves() throws {
        let value: JSONValue = ["a": [.double(3.0), .int(3), nil, ["b": "c"]]]
        #expect(try JSONValueDecoder().decode(JSONValue.self, from: value) == value)
        struct Holder: Decodable { var v: JSONValue; var w: JSONValue? }
        let holder = try JSONValueDecoder().decode(Holder.self, from: ["v": value, "w": nil])
        #expect(holder.v == value)
        #expect(holder.w == nil)
    }

    @Test func datesAndDataDecodeAsFoundationsDefaults() throws {
        struct Stamped: Codable, Equatable { var at: Date; var blob: Data }
        let value: JSONValue = ["at": 12.5, "blob": "AQID"]
        let decoded = try JSONValueDecoder().decode(Stamped.self, from: value)
        #expect(decoded == Stamped(at: Date(timeIntervalSinceReferenceDate: 12.5), blob: Data([1, 2, 3])))
        #expect(decoded == (try JSONDecoder().decode(Stamped.self, from: Data(JSONWriter.encode(value)))))
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Data.self, from: "not base64!") }
    }

    // MARK: Errors

    /// Each broken input, and the path the failure must name.
    static let broken: [(JSONValue, String, String)] = [
        (["tags": []], "params.input", "missing required field params.input"),
        (["input": nil], "params.input", "params.input must not be null (expected string)"),
        (["input": 5], "params.input", "params.input has the wrong type (expected string)"),
        (["input": "x", "agent": 5], "params.agent", "params.agent has the wrong type (expected object)"),
        (["input": "x", "agent": [:]], "params.agent.model", "missing required field params.agent.model"),
        (["input": "x", "agent": ["model": "m", "max_steps": "3"]], "params.agent.max_steps",
         "params.agent.max_steps has the wrong type (expected integer)"),
        (["input": "x", "agent": ["model": "m", "temperature": true]], "params.agent.temperature",
         "params.agent.temperature has the wrong type (expected number)"),
        (["input": "x", "tags": ["a", 1]], "params.tags[1]", "params.tags[1] has the wrong type (expected string)"),
        (["input": "x", "tags": ["a", nil]], "params.tags[1]", "params.tags[1] must not be null (expected string)"),
        (["input": "x", "tags": ["a": 1]], "params.tags", "params.tags has the wrong type (expected array)"),
        (["input": "x", "limits": ["a": "1"]], "params.limits.a", "params.limits.a has the wrong type (expected integer)"),
        (["input": "x", "grid": [[1], [2, "x"]]], "params.grid[1][1]", "params.grid[1][1] has the wrong type (expected integer)"),
        (["input": "x", "flags": [1]], "params.flags[0]", "params.flags[0] has the wrong type (expected boolean)"),
        (["input": "x", "level": "high"], "params.level", "params.level has the wrong type (expected integer)"),
        (["input": "x", "on_busy": "sometimes"], "params.on_busy",
         "params.on_busy is invalid: Cannot initialize BusyPolicy from invalid String value sometimes"),
    ]

    @Test(arguments: 0..<broken.count)
    func failuresNameThePathAndReadAsBefore(_ index: Int) {
        let (value, path, message) = Self.broken[index]
        #expect(throws: JSONDecodingFailure(message: message, path: path)) {
            try JSONValueCoding.decode(CreateParams.self, from: value)
        }
        // The same failure Foundation's decoder gave (what the old bridge used).
        let old = FoundationCoders.decodingFailure(CreateParams.self, from: value)
        #expect(old?.path == path)
        #expect(old?.message == message)
    }

    @Test func aFractionForAnIntegerIsTheWrongTypeAtItsPath() {
        // Foundation said "params is invalid: The given data was not valid JSON." here, naming no field.
        #expect(throws: JSONDecodingFailure(message: "params.agent.max_steps has the wrong type (expected integer)", path: "params.agent.max_steps")) {
            try JSONValueCoding.decode(CreateParams.self, from: ["input": "x", "agent": ["model": "m", "max_steps": 2.5]])
        }
    }

    @Test func anIntegerOutOfRangeIsInvalidAtItsPath() {
        #expect(throws: JSONDecodingFailure(message: "params.small is invalid: Number 256 does not fit in UInt8.", path: "params.small")) {
            try JSONValueCoding.decode(CreateParams.self, from: ["input": "x", "small": 256])
        }
        #expect(throws: JSONDecodingFailure(message: "params.small is invalid: Number -1 does not fit in UInt8.", path: "params.small")) {
            try JSONValueCoding.decode(CreateParams.self, from: ["input": "x", "small": -1])
        }
        #expect(throws: JSONDecodingFailure(message: "params is invalid: Number 1e+20 does not fit in Int.", path: "params")) {
            try JSONValueCoding.decode(Int.self, from: .double(1e20))
        }
        #expect(throws: JSONDecodingFailure(message: "params is invalid: Number 1e+300 does not fit in Float.", path: "params")) {
            try JSONValueCoding.decode(Float.self, from: .double(1e300))
        }
    }

    @Test func aDifferentRootNamesTheFailure() {
        #expect(throws: JSONDecodingFailure(message: "missing required field agent.model", path: "agent.model")) {
            try JSONValueCoding.decode(AgentSpec.self, from: [:], path: "agent")
        }
    }

    @Test func anUnkeyedContainerAtItsEndSaysSo() {
        struct Pair: Decodable {
            var a: Int, b: Int
            init(from decoder: any Decoder) throws {
                var c = try decoder.unkeyedContainer()
                a = try c.decode(Int.self)
                b = try c.decode(Int.self)
            }
        }
        #expect(throws: JSONDecodingFailure(message: "params[1] must not be null (expected integer)", path: "params[1]")) {
            try JSONValueCoding.decode(Pair.self, from: [1])
        }
        #expect(FoundationCoders.decodingFailure(Pair.self, from: [1])?.path == "params[1]")
    }

    @Test func nestedContainersAndSuperDecodersKeepTheirPaths() throws {
        struct Deep: Decodable {
            enum Outer: String, CodingKey { case box, list, base }
            enum Inner: String, CodingKey { case n }
            var n: Int, first: Int, base: String
            init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: Outer.self)
                n = try c.nestedContainer(keyedBy: Inner.self, forKey: .box).decode(Int.self, forKey: .n)
                var list = try c.nestedUnkeyedContainer(forKey: .list)
                first = try list.decode(Int.self)
                base = try c.superDecoder(forKey: .base).singleValueContainer().decode(String.self)
                let more = try list.nestedContainer(keyedBy: Inner.self)
                _ = try more.decode(String.self, forKey: .n)
            }
        }
        #expect(throws: JSONDecodingFailure(message: "params.list[1].n has the wrong type (expected string)", path: "params.list[1].n")) {
            try JSONValueCoding.decode(Deep.self, from: ["box": ["n": 1], "list": [2, ["n": 3]], "base": "b"])
        }
        #expect(throws: JSONDecodingFailure(message: "params.base has the wrong type (expected string)", path: "params.base")) {
            try JSONValueCoding.decode(Deep.self, from: ["box": ["n": 1], "list": [2], "base": 1])
        }
        #expect(throws: JSONDecodingFailure(message: "missing required field params.box.n", path: "params.box.n")) {
            try JSONValueCoding.decode(Deep.self, from: ["box": [:], "list": [2], "base": "b"])
        }
    }

    @Test func errorsThrownByATypeItselfPassThrough() {
        struct Picky: Decodable {
            struct Refused: Error {}
            init(from decoder: any Decoder) throws { throw Refused() }
        }
        #expect(throws: JSONDecodingFailure(message: "params is invalid: Refused()", path: "params")) {
            try JSONValueCoding.decode(Picky.self, from: [:])
        }
    }
}
