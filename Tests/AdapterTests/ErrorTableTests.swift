import JSON
import Testing
@testable import REST

/// RPC errors become the seed's statuses and codes, with the field named in the seed's words.
struct ErrorTableTests {
    @Test func anInvalidParamBecomesAValidationErrorNamingTheField() {
        let error = ErrorTable.rest(code: -32602, message: "bad", data: ["path": "params.limit"], route: nil)
        #expect(error.status == 400 && error.code == "VALIDATION_ERROR")
        #expect(error.details["field"] == "limit" && error.details["rpc_code"] == .int(-32602))
    }

    @Test func aScopeFieldIsNamedWithoutItsPath() {
        let error = ErrorTable.rest(code: -32003, message: "bad org", data: ["path": "params.scope.org_id"], route: nil)
        #expect(error.status == 400 && error.details["field"] == "org_id")
    }

    @Test func everyApplicationCodeHasItsStatus() {
        let expected: [Int: Int] = [-32001: 404, -32004: 409, -32005: 409, -32006: 429, -32007: 403, -32008: 502, -32010: 503,
                                    -32011: 413, -32012: 503, -32014: 401]
        for (code, status) in expected {
            #expect(ErrorTable.rest(code: code, message: "m", data: nil, route: nil).status == status, "\(code)")
        }
    }

    @Test func aBugIsA500ThatDoesNotRepeatTheHostsText() {
        let error = ErrorTable.rest(code: -32603, message: "internal error: index out of range at Foo.swift:12", data: nil, route: nil)
        #expect(error.status == 500 && error.message == "An internal error occurred")
    }

    @Test func aSeedRouteAnswersItsOwnCodesAndFieldNames() throws {
        let approve = try #require(RouteTable.all.first { $0.method == "runs/approve" })
        let waiting = ErrorTable.rest(code: -32005, message: "not waiting", data: nil, route: approve)
        #expect(waiting.status == 400 && waiting.code == "RUN_NOT_WAITING")
        let call = ErrorTable.rest(code: -32001, message: "no call", data: ["path": "params.call_id"], route: approve,
                                   fieldNames: approve.request?.fieldNames ?? [:])
        #expect(call.status == 404 && call.code == "APPROVAL_NOT_FOUND" && call.details["field"] == "tool_call_id")
        let run = ErrorTable.rest(code: -32001, message: "no run", data: ["run_id": "run_x"], route: approve)
        #expect(run.code == "NOT_FOUND" && run.details["run_id"] == "run_x")
    }
}
