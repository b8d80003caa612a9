import JSON
import Runtime

/// An item of `runs/create {input_parts}`: `{type: "text", text}`,
/// `{type: "image", upload_id}` or `{type: "file", upload_id}`. The text
/// parts, joined by a blank line, are the run's `input`; the others join
/// the run's attachments (after `attachments`, five in all).
struct InputPart: Decodable, Sendable {
    var type: String
    var text: String?
    var uploadID: String?
    enum CodingKeys: String, CodingKey { case type, text, uploadID = "upload_id" }

    /// An image or file part, with where it is in the request.
    struct Upload: Sendable {
        var uploadID: String
        var image: Bool
        var path: String
    }

    static let listSchema = Schema.array(Schema.anyOf([
        Schema.object(["type": Schema.oneOf(strings: ["text"]), "text": Schema.string(minLength: 1)], required: ["type", "text"]),
        Schema.object(["type": Schema.oneOf(strings: ["image", "file"]), "upload_id": UploadView.uploadID], required: ["type", "upload_id"]),
    ]), minItems: 1, maxItems: 100)

    /// The run's input and its uploads: `input` alone, the text of `parts`
    /// alone, or both when `input` is exactly that text (else -32602).
    static func input(_ input: String?, parts: [InputPart]?) throws -> (String, [Upload]) {
        guard let parts else {
            guard let input, !input.isEmpty else { throw RuntimeError.invalid("params.input is required (or input_parts)", path: "params.input") }
            return (input, [])
        }
        var texts: [String] = []
        var uploads: [Upload] = []
        for (i, part) in parts.enumerated() {
            switch part.type {
            case "text":
                guard let text = part.text, !text.isEmpty else {
                    throw RuntimeError.invalid("a text part needs text", path: "params.input_parts[\(i)].text")
                }
                texts.append(text)
            case "image", "file":
                guard let id = part.uploadID else {
                    throw RuntimeError.invalid("an \(part.type) part needs upload_id", path: "params.input_parts[\(i)].upload_id")
                }
                uploads.append(Upload(uploadID: id, image: part.type == "image", path: "params.input_parts[\(i)].upload_id"))
            default:
                throw RuntimeError.invalid("a part's type is text, image or file", path: "params.input_parts[\(i)].type")
            }
        }
        let joined = texts.joined(separator: "\n\n")
        guard !joined.isEmpty else { throw RuntimeError.invalid("input_parts needs a text part (the run's input)", path: "params.input_parts") }
        if let input, input != joined {
            throw RuntimeError.invalid("params.input differs from the text of input_parts (joined by a blank line); send one of them, or both alike",
                                       path: "params.input")
        }
        return (joined, uploads)
    }
}
