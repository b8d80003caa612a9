import JSON
import Testing
@testable import REST

struct ErrorTableTests {
    @Test func anInvalidParamBecomesAValidationErrorNamingTheField() {
        let error = ErrorTable.rest(code: -32602, message: "bad", data: ["path": "params.limit"], route: nil)
        #expect(error.status == 400)
        #expect(error.code == "VALIDATION_ERROR")
        #expect(error.details["field"] == "limit")
        #expect(error.details["rpc_code"] == .int(-32602))
    }
}
