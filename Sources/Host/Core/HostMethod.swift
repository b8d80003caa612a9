import JSON
import RPC
import Runtime

/// One method of the host, in one place: its wire name, typed params and
/// result with their schemas, an example result, and its body. A body takes
/// its params, calls one runtime service and returns the result; the table
/// decodes, checks the scope and maps errors around it.
protocol HostMethod: RPCMethod {
    /// A result as the method answers it: documentation, and a test checks
    /// it against `resultSchema`, so the two cannot drift.
    static var example: Result { get }
    static func handle(_ params: Params, _ context: HandlerContext) async throws -> Result
}

extension HostMethod {
    /// How `example`, encoded as the table encodes results, breaks `resultSchema` (nothing, normally).
    static func exampleFailures() throws -> [SchemaValidator.Failure] {
        let encoded = try JSONParser.parse(JSONValueCoding.encodeData(example))
        return SchemaValidator.validate(encoded, against: resultSchema, path: "result")
    }
}

/// A method a client sends as a notification (it gets no answer).
protocol HostNotification: RPCMethod {
    static func handle(_ params: Params, _ context: HandlerContext) async throws
}

/// A notification the host sends; described in `schemas/` like a method's params.
protocol HostOutgoingNotification: RPCMethod {}

/// Params that may name the scope they act in (`scope` beside the method's own fields).
protocol Scoped {
    var scope: ScopeParams? { get }
}
