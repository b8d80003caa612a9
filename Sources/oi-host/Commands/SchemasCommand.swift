import ArgumentParser
import Foundation
import RPC
import Runtime

/// `oi-host schemas`: writes (or, with --check, verifies) `schemas/` from the
/// method table and error catalog, so the files can never drift from the code.
struct SchemasCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "schemas", abstract: "Write or check the JSON Schemas in schemas/.", shouldDisplay: false)

    @Option(help: "The schemas directory.")
    var out = "schemas"

    @Flag(help: "Fail if the files differ from what the code describes.")
    var check = false

    func run() throws {
        let files = SchemaFiles.all()
        var stale: [String] = []
        for (relative, value) in files.sorted(by: { $0.key < $1.key }) {
            let path = (out as NSString).appendingPathComponent(relative)
            let bytes = Data(SchemaFiles.pretty(value).utf8)
            if check {
                if FileManager.default.contents(atPath: path) != bytes { stale.append(relative) }
            } else {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try bytes.write(to: URL(fileURLWithPath: path))
            }
        }
        if check {
            if !stale.isEmpty {
                print("stale or missing schema files (run `make schemas`): \(stale.joined(separator: ", "))")
                throw ExitCode(1)
            }
            print("\(files.count) schema files are current")
        } else {
            print("wrote \(files.count) schema files to \(out)")
        }
    }
}

/// The schema documents of `schemas/`, keyed by relative path.
enum SchemaFiles {
    static func all() -> [String: JSONValue] {
        let table = HostMethods.table(HostContext(config: Config(), engines: .unavailable("schemas only"), logger: .init(label: "schemas")))
        var files: [String: JSONValue] = ["errors.json": ErrorCatalog.document]
        for name in table.order {
            guard let entry = table[name] else { continue }
            let base = "methods/" + name.replacingOccurrences(of: "/", with: ".")
            files[base + ".params.json"] = document(title: "\(name) params", description: entry.summary, schema: entry.paramsSchema)
            if !entry.isNotification {
                files[base + ".result.json"] = document(title: "\(name) result", description: entry.summary, schema: entry.resultSchema)
            }
        }
        files["methods/runs.event.params.json"] = document(title: "runs/event params", description: RunsEventNotification.summary, schema: RunsEventNotification.paramsSchema)
        files["methods/runs.subscription_ended.params.json"] = document(title: "runs/subscription_ended params", description: RunsSubscriptionEndedNotification.summary,
                                                                        schema: RunsSubscriptionEndedNotification.paramsSchema)
        for type in EventSchemas.payloads.keys {
            if let schema = EventSchemas.schema(for: type) {
                files["events/\(type).json"] = document(title: "\(type) event", description: "The \(type) event: envelope and payload.", schema: schema)
            }
        }
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
    static func pretty(_ value: JSONValue, indent: String = "") -> String {
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
