import Foundation
import Testing
@testable import JSON

@Suite struct JSONBytesEncoderTests {
    func encoded<T: Encodable>(_ value: T) throws -> String { text(try JSONBytesEncoder().encode(value)) }

    @Test func membersComeInCodingKeysOrderAndNilOptionalsAreLeftOut() throws {
        let spec = AgentSpec(model: "m", maxSteps: nil, temperature: 0.5)
        #expect(try encoded(spec) == #"{"model":"m","temperature":0.5}"#)
    }

    @Test func anExplicitlyEncodedNilIsNull() throws {
        struct Queue: Encodable {
            var pending: Int?
            enum CodingKeys: String, CodingKey { case pending, none }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(pending, forKey: .pending)
                try c.encodeNil(forKey: .none)
            }
        }
        #expect(try encoded(Queue(pending: nil)) == #"{"pending":null,"none":null}"#)
        #expect(try encoded(Queue(pending: 4)) == #"{"pending":4,"none":null}"#)
        #expect(try encoded([1, nil, 3] as [Int?]) == "[1,null,3]")
    }

    @Test func dictionariesAreWrittenWithTheirKeysSorted() throws {
        let dictionary = ["b": 2, "a": 1, "é": 4, "A": 3, "aa": 5]
        #expect(try encoded(dictionary) == #"{"A":3,"a":1,"aa":5,"b":2,"é":4}"#)
        #expect(try JSONBytesEncoder().encode(dictionary) == JSONWriter.encode(.object(dictionary.mapValues { .int(Int64($0)) })))
        // Integer keys become names, as in Foundation, sorted as text.
        #expect(try encoded([10: "x", 2: "y", 1: "z"]) == #"{"1":"z","10":"x","2":"y"}"#)
        #expect(try encoded(["k": ["z": true, "y": false]]) == #"{"k":{"y":false,"z":true}}"#)
    }

    @Test func jsonValuesAreWrittenExactlyAsJSONWriterWritesThem() throws {
        let value: JSONValue = ["z": [1, 2.5, nil, true, "s\n"], "a": ["y": .double(3.0), "x": .int(.min)], "m": [:]]
        #expect(try JSONBytesEncoder().encode(value) == JSONWriter.encode(value))
        struct Holder: Encodable { var before = 1; var value: JSONValue; var after = [JSONValue.null] }
        #expect(try encoded(Holder(value: value)) == #"{"before":1,"value":"# + value.description + #","after":[null]}"#)
        // Through bytes, a whole double comes back as an integer, as JSONWriter writes it.
        #expect(try JSONValueCoding.encode(Holder(value: value))["value"] == JSONParser.parse(JSONWriter.encode(value)))
    }

    @Test func enumsWithRawValuesAreTheirRawValues() throws {
        #expect(try encoded([BusyPolicy.reject]) == #"["reject"]"#)
        #expect(try encoded(["l": Level.high]) == #"{"l":2}"#)
    }

    @Test func everyControlCharacterQuoteAndBackslashIsEscaped() throws {
        var s = ""
        for u in 0..<0x20 { s.unicodeScalars.append(Unicode.Scalar(UInt8(u))) }
        s += "\"\\/é😀\u{2028}\u{7f}"
        var expected = #"""#
        for u in 0..<0x20 {
            switch u {
            case 0x0A: expected += #"\n"#
            case 0x0D: expected += #"\r"#
            case 0x09: expected += #"\t"#
            default: expected += String(format: #"\u%04x"#, u)
            }
        }
        expected += #"\"\\/é😀"# + "\u{2028}\u{7f}" + #"""#
        #expect(try encoded(s) == expected)
        var writer: [UInt8] = []
        JSONWriter.writeString(s, into: &writer)
        #expect(text(writer) == expected)
        #expect(try JSONParser.parse(JSONBytesEncoder().encode(s)) == .string(s))
        #expect(try encoded("nul\u{0}inside") == #""nul\u0000inside""#)
        #expect(try encoded(["key\u{0}\"": 1]) == #"{"key\u0000\"":1}"#)
    }

    @Test func integersAreExactAtTheirLimits() throws {
        #expect(try encoded([Int64.max, Int64.min, 0, -1, 9, 10]) == "[9223372036854775807,-9223372036854775808,0,-1,9,10]")
        #expect(try encoded([UInt64.max]) == "[18446744073709551615]")
        #expect(try encoded([Int8.min]) == "[-128]")
        struct Counters: Codable, Equatable { var a: Int64; var b: Int; var c: UInt32; var d: Int16 }
        let counters = Counters(a: .min, b: .max, c: .max, d: -7)
        #expect(try JSONValueCoding.decode(Counters.self, from: JSONParser.parse(JSONBytesEncoder().encode(counters))) == counters)
    }

    @Test func doublesAreFormattedAsJSONWriterFormatsThem() throws {
        let doubles: [Double] = [1e300, 0.1, -0.0, 3.0, -2.5, 1e15, 123456789012345.0, 1e-5, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1.0 / 3]
        for d in doubles {
            #expect(try JSONBytesEncoder().encode(d) == JSONWriter.encode(.double(d)), "\(d)")
            #expect(try JSONValueDecoder().decode(Double.self, from: JSONParser.parse(JSONBytesEncoder().encode(d))) == d)
        }
        let written = try encoded(doubles)
        #expect(written == "[1e+300,0.1,0,3,-2.5,1000000000000000.0,123456789012345,1e-05,5e-324,1.7976931348623157e+308,0.3333333333333333]")
        #expect(try encoded([Float(0.1), 3, 1e30]) == "[0.1,3,1e+30]")
    }

    @Test func nonFiniteNumbersAreRefusedAsFoundationRefusesThem() {
        struct Score: Encodable { var value: Double }
        #expect(throws: EncodingError.self) { try JSONBytesEncoder().encode(Score(value: .nan)) }
        #expect(throws: EncodingError.self) { try JSONBytesEncoder().encode([Double.infinity]) }
        #expect(throws: EncodingError.self) { try JSONBytesEncoder().encode(-Float.infinity) }
        #expect(throws: EncodingError.self) { try FoundationCoders.encode(Score(value: .nan)) }
    }

    @Test func datesAndDataAreWrittenAsFoundationWritesThem() throws {
        struct Stamped: Codable { var at: Date; var blob: Data }
        let value = Stamped(at: Date(timeIntervalSinceReferenceDate: 12.5), blob: Data([1, 2, 3]))
        #expect(try encoded(value) == #"{"at":12.5,"blob":"AQID"}"#)
        // Foundation on Linux writes members in hash order, a new one each run: compare values.
        #expect(try JSONParser.parse(JSONBytesEncoder().encode(value)) == JSONParser.parse(FoundationCoders.encode(value)))
    }

    @Test func nestedContainersAndUnusedSuperEncodersAreWrittenInPlace() throws {
        struct Custom: Encodable {
            enum K: String, CodingKey { case a, box, list, empty, base }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: K.self)
                try c.encode(1, forKey: .a)
                var box = c.nestedContainer(keyedBy: K.self, forKey: .box)
                try box.encode("x", forKey: .a)
                var list = box.nestedUnkeyedContainer(forKey: .list)
                try list.encode(true)
                var inner = list.nestedContainer(keyedBy: K.self)
                try inner.encodeNil(forKey: .a)
                try list.encode(2)
                _ = c.nestedUnkeyedContainer(forKey: .empty)
                _ = c.superEncoder()
                try "b".encode(to: c.superEncoder(forKey: .base))
            }
        }
        let expected = #"{"a":1,"box":{"a":"x","list":[true,{"a":null},2]},"empty":[],"super":{},"base":"b"}"#
        #expect(try encoded(Custom()) == expected)
        #expect(try JSONParser.parse(encoded(Custom())) == JSONParser.parse(FoundationCoders.encode(Custom())))
    }

    @Test func aClassAndItsSuperclassShareOneObject() throws {
        class Base: Encodable {
            var a = 1
            enum K: String, CodingKey { case a }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: K.self)
                try c.encode(a, forKey: .a)
            }
        }
        final class Derived: Base {
            var b = [2]
            enum L: String, CodingKey { case b }
            override func encode(to encoder: any Encoder) throws {
                try super.encode(to: encoder)
                var c = encoder.container(keyedBy: L.self)
                try c.encode(b, forKey: .b)
            }
        }
        #expect(try encoded(Derived()) == #"{"a":1,"b":[2]}"#)
        #expect(try encoded([Derived(), Derived()]) == #"[{"a":1,"b":[2]},{"a":1,"b":[2]}]"#)
    }

    @Test func aValueThatWritesNothingIsAnEmptyObjectExceptAtTheTop() throws {
        struct Nothing: Encodable { func encode(to encoder: any Encoder) throws {} }
        #expect(try encoded([Nothing()]) == "[{}]")
        #expect(throws: EncodingError.self) { try JSONBytesEncoder().encode(Nothing()) }
    }

    @Test func aContainerUsedAfterALaterSiblingWasWrittenIsRefused() {
        struct Interleaved: Encodable {
            enum K: String, CodingKey { case first, second, x }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: K.self)
                var first = c.nestedContainer(keyedBy: K.self, forKey: .first)
                try c.encode(1, forKey: .second)
                try first.encode(2, forKey: .x)
            }
        }
        #expect(throws: EncodingError.self) { try JSONBytesEncoder().encode(Interleaved()) }
        struct LateSuper: Encodable {
            enum K: String, CodingKey { case first, second }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: K.self)
                var first = c.nestedUnkeyedContainer(forKey: .first)
                try c.encode(1, forKey: .second)
                var late = first.superEncoder().singleValueContainer()
                try late.encode(2)
            }
        }
        #expect(throws: EncodingError.self) { try JSONBytesEncoder().encode(LateSuper()) }
        var out = Array("prefix".utf8)
        #expect(throws: EncodingError.self) { try JSONBytesEncoder().encode(Interleaved(), into: &out) }
        #expect(text(out) == "prefix")
    }

    @Test func encodingAppendsToABuffer() throws {
        var out = Array(#"{"result":"#.utf8)
        try JSONBytesEncoder().encode(AgentSpec(model: "m", maxSteps: 2), into: &out)
        out.append(UInt8(ascii: "}"))
        #expect(text(out) == #"{"result":{"model":"m","max_steps":2}}"#)
    }

    @Test func structsRoundTripThroughTheEncoderAndTheDecoder() throws {
        let params = CreateParams(
            input: "héllo \"world\"\n", agent: AgentSpec(model: "m", maxSteps: 7, temperature: nil), tags: ["a", ""],
            limits: ["x": .max, "y": .min], onBusy: .reject, level: .high, metadata: ["k": [1, 2.5, nil]],
            grid: [[], [1, 2]], flags: nil, small: 200)
        let bytes = try JSONBytesEncoder().encode(params)
        #expect(try JSONValueCoding.decode(CreateParams.self, from: JSONParser.parse(bytes)) == params)
        #expect(try JSONDecoder().decode(CreateParams.self, from: Data(bytes)) == params)
        #expect(try JSONValueCoding.decode(RunView.self, from: JSONValueCoding.encode(RunView.sample)) == RunView.sample)
        #expect(try JSONValueCoding.encodeData(RunView.sample) == Data(JSONBytesEncoder().encode(RunView.sample)))
    }

    // MARK: Differential

    /// Encodable values of many shapes, type-erased.
    static let corpus: [(String, any Encodable & Sendable)] = [
        ("run view", RunView.sample),
        ("params", CreateParams(input: "x", agent: AgentSpec(model: "m", maxSteps: 1, temperature: 0.1),
                                limits: ["b": 1, "a": 2], metadata: ["n": [:], "a": []])),
        ("empty params", CreateParams(input: "")),
        ("strings", ["", "a/b", "\u{0}\u{1}\u{1f}\u{7f}", "\"\\", "é😀\u{2028}\u{2029}", String(repeating: "long ", count: 200)]),
        ("integers", [0, 1, -1, Int.max, Int.min, 1 << 53, (1 << 53) + 1]),
        ("doubles", [0.1, 1e300, -1e-300, 2.5, 1e15, 1e16, 123.456, -0.0, 3.0]),
        ("optionals", [1, nil, 2] as [Int?]),
        ("nested", ["a": [["b": [1, 2]], [:]], "c": [[String: [Int]]]()]),
        ("bools", [true, false]),
        ("json", ["x": [1, 2.5, nil, true, "s", ["y": []]]] as JSONValue),
        ("enums", [BusyPolicy.queue: Level.high]),
        ("raw", RawJSON(["a": [1, 2]])),
        ("uint64", [UInt64.max, 0]),
    ]

    @Test(arguments: 0..<corpus.count)
    func outputParsesToWhatFoundationsOutputParsesTo(_ index: Int) throws {
        let (name, value) = Self.corpus[index]
        let ours = try JSONParser.parse(JSONBytesEncoder().encode(value))
        let foundation = try JSONParser.parse(FoundationCoders.encode(value))
        #expect(ours.numbersNormalised == foundation.numbersNormalised, "\(name): \(ours) vs \(foundation)")
    }
}
