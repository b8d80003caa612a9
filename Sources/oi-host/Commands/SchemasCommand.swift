import ArgumentParser
import Foundation
import Host
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

