import Foundation
import JSON
import REST
import Runtime

/// The schema documents of `schemas/`, keyed by relative path.
public enum SchemaFiles {
    public static func all() -> [String: JSONValue] {
        let table = HostMethods.table(HostContext(config: Config(), engines: .unavailable("schemas only"), logger: .init(label: "schemas")))
        var files: [String: JSONValue] = ["errors.json": ErrorCatalog.document]
        var methods: [String: MethodSchema] = [:]
        for name in table.order {
            guard let entry = table[name] else { continue }
            methods[name] = MethodSchema(params: entry.paramsSchema, result: entry.resultSchema)
            let base = "methods/" + name.replacingOccurrences(of: "/", with: ".")
            files[base + ".params.json"] = document(title: "\(name) params", description: entry.summary, schema: entry.paramsSchema)
            if !entry.isNotification {
                files[base + ".result.json"] = document(title: "\(name) result", description: entry.summary, schema: entry.resultSchema)
            }
        }
        for note in HostMethods.outgoing {
            let base = "methods/" + note.name.replacingOccurrences(of: "/", with: ".")
            files[base + ".params.json"] = document(title: "\(note.name) params", description: note.summary, schema: note.paramsSchema)
        }
        for type in EventSchemas.payloads.keys {
            if let schema = EventSchemas.schema(for: type) {
                files["events/\(type).json"] = document(title: "\(type) event", description: "The \(type) event: envelope and payload.", schema: schema)
            }
        }
        // The REST adapter's routes over the same schemas; the adapter serves the same document.
        files["openapi.json"] = OpenAPIDocument.build(methods: methods, version: OpenIntern.version)
        return files
    }

    static func document(title: String, description: String, schema: JSONValue) -> JSONValue {
        guard case .object(var o) = schema else { return schema }
        o["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        o["title"] = .string(title)
        o["description"] = o["description"] ?? .string(description)
        return .object(o)
    }

    /// Stable, diff-friendly JSON: sorted keys, two-space indent.
    public static func pretty(_ value: JSONValue, indent: String = "") -> String {
        let inner = indent + "  "
        switch value {
        case .array(let a) where !a.isEmpty:
            return "[\n" + a.map { inner + pretty($0, indent: inner) }.joined(separator: ",\n") + "\n\(indent)]" + (indent.isEmpty ? "\n" : "")
        case .object(let o) where !o.isEmpty:
            let body = o.keys.sorted().map { key in
                inner + JSONValue.string(key).description + ": " + pretty(o[key]!, indent: inner)
            }
            return "{\n" + body.joined(separator: ",\n") + "\n\(indent)}" + (indent.isEmpty ? "\n" : "")
        default:
            return value.description
        }
    }
}
