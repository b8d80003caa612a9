import JSON

/// An OTLP/JSON trace export (`ExportTraceServiceRequest` of
/// opentelemetry-proto, in the JSON mapping OTLP/HTTP specifies): field
/// names in lowerCamelCase, trace and span ids as hex, 64-bit times as
/// decimal strings, enums as integers. What `runs/export --format otel`
/// returns and what the live exporter posts to `{otel.endpoint}/v1/traces`.
public struct OTLPTraceDocument: Encodable, Sendable, Equatable {
    public var resourceSpans: [ResourceSpans]

    public init(resourceSpans: [ResourceSpans]) {
        self.resourceSpans = resourceSpans
    }

    /// One resource (this process's service) and the spans it produced.
    public struct ResourceSpans: Encodable, Sendable, Equatable {
        public var resource: Resource
        public var scopeSpans: [ScopeSpans]
    }

    public struct Resource: Encodable, Sendable, Equatable {
        public var attributes: [OTLPAttribute]
    }

    public struct ScopeSpans: Encodable, Sendable, Equatable {
        public var scope: Scope
        public var spans: [OTLPSpan]
    }

    /// The instrumentation scope: us.
    public struct Scope: Encodable, Sendable, Equatable {
        public var name: String
        public var version: String
    }

    /// Spans under one resource and scope.
    public init(service: String, spans: [OTLPSpan]) {
        let resource = Resource(attributes: [
            OTLPAttribute("service.name", .string(service)),
            OTLPAttribute("service.version", .string(OpenIntern.version)),
            OTLPAttribute("telemetry.sdk.name", .string("openintern")),
            OTLPAttribute("telemetry.sdk.language", .string("swift")),
            OTLPAttribute("telemetry.sdk.version", .string(OpenIntern.version)),
        ])
        resourceSpans = [ResourceSpans(resource: resource, scopeSpans: [ScopeSpans(scope: Scope(name: "openintern", version: OpenIntern.version), spans: spans)])]
    }

    public var spans: [OTLPSpan] { resourceSpans.flatMap { $0.scopeSpans.flatMap(\.spans) } }

    /// The JSON Schema of the document, for `runs/export`.
    public static let schema: JSONValue = {
        let anyValue = Schema.object([
            "stringValue": Schema.string(), "boolValue": Schema.boolean, "intValue": Schema.string(pattern: "^-?[0-9]+$"),
            "doubleValue": Schema.number(), "arrayValue": Schema.object(["values": Schema.array(Schema.any)], required: ["values"]),
        ])
        let attributes = Schema.array(Schema.object(["key": Schema.string(minLength: 1), "value": anyValue], required: ["key", "value"]))
        let hex = { (n: Int) in Schema.string(pattern: "^[0-9a-f]{\(n)}$") }
        let span = Schema.object([
            "traceId": hex(32), "spanId": hex(16), "parentSpanId": hex(16), "name": Schema.string(minLength: 1),
            "kind": Schema.integer(minimum: 0, maximum: 5),
            "startTimeUnixNano": Schema.string(pattern: "^[0-9]+$"), "endTimeUnixNano": Schema.string(pattern: "^[0-9]+$"),
            "attributes": attributes,
            "status": Schema.object(["code": Schema.integer(minimum: 0, maximum: 2), "message": Schema.string()], required: ["code"]),
        ], required: ["traceId", "spanId", "name", "kind", "startTimeUnixNano", "endTimeUnixNano", "attributes"])
        return Schema.object([
            "resourceSpans": Schema.array(Schema.object([
                "resource": Schema.object(["attributes": attributes], required: ["attributes"]),
                "scopeSpans": Schema.array(Schema.object([
                    "scope": Schema.object(["name": Schema.string(), "version": Schema.string()], required: ["name"]),
                    "spans": Schema.array(span),
                ], required: ["scope", "spans"])),
            ], required: ["resource", "scopeSpans"])),
        ], required: ["resourceSpans"])
    }()
}

/// One span in OTLP/JSON.
public struct OTLPSpan: Encodable, Sendable, Equatable {
    /// `SpanKind`: internal work, or a call out to a model.
    public enum Kind: Int, Encodable, Sendable {
        case `internal` = 1, client = 3
    }

    public var traceId: String
    public var spanId: String
    public var parentSpanId: String?
    public var name: String
    public var kind: Kind
    public var startTimeUnixNano: String
    public var endTimeUnixNano: String
    public var attributes: [OTLPAttribute]
    public var status: Status?

    /// `STATUS_CODE_ERROR` (2) with what went wrong; spans that did not fail carry none (unset).
    public struct Status: Encodable, Sendable, Equatable {
        public var code: Int
        public var message: String?

        public static func error(_ message: String) -> Status { Status(code: 2, message: message) }
    }

    public init(traceId: String, spanId: String, parentSpanId: String?, name: String, kind: Kind, start: UInt64, end: UInt64,
                attributes: [OTLPAttribute], status: Status? = nil) {
        self.traceId = traceId
        self.spanId = spanId
        self.parentSpanId = parentSpanId
        self.name = name
        self.kind = kind
        startTimeUnixNano = String(start)
        endTimeUnixNano = String(max(start, end))
        self.attributes = attributes
        self.status = status
    }

    public func attribute(_ key: String) -> OTLPValue? { attributes.first { $0.key == key }?.value }
}

/// A `KeyValue`.
public struct OTLPAttribute: Encodable, Sendable, Equatable {
    public var key: String
    public var value: OTLPValue

    public init(_ key: String, _ value: OTLPValue) {
        self.key = key
        self.value = value
    }
}

/// An `AnyValue`: 64-bit integers travel as strings, as the JSON mapping says.
public enum OTLPValue: Encodable, Sendable, Equatable {
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case strings([String])

    enum CodingKeys: String, CodingKey { case stringValue, intValue, doubleValue, boolValue, arrayValue }
    enum ArrayKeys: String, CodingKey { case values }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .string(let s): try c.encode(s, forKey: .stringValue)
        case .int(let n): try c.encode(String(n), forKey: .intValue)
        case .double(let d): try c.encode(d, forKey: .doubleValue)
        case .bool(let b): try c.encode(b, forKey: .boolValue)
        case .strings(let list):
            var array = c.nestedContainer(keyedBy: ArrayKeys.self, forKey: .arrayValue)
            try array.encode(list.map { OTLPValue.string($0) }, forKey: .values)
        }
    }
}
