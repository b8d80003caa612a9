/// A message on its way out. Bodies may be pre-encoded JSON bytes so a
/// handler's result is encoded once, straight into the response line.
enum OutgoingMessage: Sendable {
    enum Body: Sendable {
        case value(JSONValue)
        case raw([UInt8])

        func write(into out: inout [UInt8]) {
            switch self {
            case .value(let v): JSONWriter.write(v, into: &out)
            case .raw(let bytes): out.append(contentsOf: bytes)
            }
        }
    }

    case request(id: RequestID, method: String, params: Body?)
    case notification(method: String, params: Body?)
    case response(id: RequestID, result: Body)
    case errorResponse(id: RequestID?, error: RPCError)

    init(_ message: Message) {
        switch message {
        case .request(let id, let method, let params): self = .request(id: id, method: method, params: params.map(Body.value))
        case .notification(let method, let params): self = .notification(method: method, params: params.map(Body.value))
        case .response(let id, let result): self = .response(id: id, result: .value(result))
        case .errorResponse(let id, let error): self = .errorResponse(id: id, error: error)
        }
    }

    func write(into out: inout [UInt8]) {
        out.append(contentsOf: #"{"jsonrpc":"2.0","#.utf8)
        switch self {
        case .request(let id, let method, let params):
            out.append(contentsOf: #""id":"#.utf8)
            JSONWriter.write(id.json, into: &out)
            out.append(contentsOf: #","method":"#.utf8)
            JSONWriter.writeString(method, into: &out)
            if let params {
                out.append(contentsOf: #","params":"#.utf8)
                params.write(into: &out)
            }
        case .notification(let method, let params):
            out.append(contentsOf: #""method":"#.utf8)
            JSONWriter.writeString(method, into: &out)
            if let params {
                out.append(contentsOf: #","params":"#.utf8)
                params.write(into: &out)
            }
        case .response(let id, let result):
            out.append(contentsOf: #""id":"#.utf8)
            JSONWriter.write(id.json, into: &out)
            out.append(contentsOf: #","result":"#.utf8)
            result.write(into: &out)
        case .errorResponse(let id, let error):
            out.append(contentsOf: #""id":"#.utf8)
            JSONWriter.write(id?.json ?? .null, into: &out)
            out.append(contentsOf: #","error":"#.utf8)
            JSONWriter.write(error.json, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}
