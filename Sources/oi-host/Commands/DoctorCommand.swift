import ArgumentParser
import Foundation
import Host
import RPC
import Runtime

/// `oi-host doctor`: checks the configuration, storage, provider keys (present
/// or not — never their values) and MCP server commands.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "doctor", abstract: "Check configuration, storage, provider keys and MCP servers.")

    @OptionGroup var settings: SettingsOptions

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Flag(help: "First create what is missing: the config file (the starter config `init` writes; an existing one is never overwritten) and the data folder.")
    var fix = false

    func run() async throws {
        let fixes = fix ? DoctorReport.fix(settings: settings) : []
        var report = await DoctorReport.make(settings: settings)
        report.fixes = fixes
        if json {
            print(report.json.description)
        } else {
            for fixed in fixes { print("\(fixed.status.symbol) fix: \(fixed.detail)") }
            for check in report.checks {
                print("\(check.status.symbol) \(check.name): \(check.detail)")
            }
            print(report.ok ? "all checks passed" : "some checks failed")
        }
        if !report.ok { throw ExitCode(1) }
    }
}

/// The findings of `doctor`, one line per check.
struct DoctorReport {
    enum Status: String { case ok, warn, fail
        var symbol: String { self == .ok ? "✔" : (self == .warn ? "!" : "✘") }
    }

    struct Check {
        var name: String
        var status: Status
        var detail: String
    }

    var checks: [Check] = []
    /// What `--fix` did (or failed to do), in order.
    var fixes: [Check] = []
    var ok: Bool { !(checks + fixes).contains { $0.status == .fail } }

    var json: JSONValue {
        func list(_ items: [Check]) -> JSONValue {
            .array(items.map { ["name": .string($0.name), "status": .string($0.status.rawValue), "detail": .string($0.detail)] })
        }
        return ["ok": .bool(ok), "checks": list(checks), "fixes": list(fixes)]
    }

    /// `--fix`: writes the starter config where the config is looked for,
    /// unless a file is there, then creates the data folder it names.
    static func fix(settings: SettingsOptions) -> [Check] {
        var fixes: [Check] = []
        let path = settings.configFile ?? ProcessInfo.processInfo.environment["OI_CONFIG"] ?? "agent.config.json"
        if FileManager.default.fileExists(atPath: path) {
            fixes.append(Check(name: "config", status: .ok, detail: "kept \(path): it exists"))
        } else {
            do {
                // withoutOverwriting: a file that appears meanwhile is still never replaced.
                try Data(InitCommand.template.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
                fixes.append(Check(name: "config", status: .ok, detail: "created \(path) (the starter config oi-host init writes)"))
            } catch {
                fixes.append(Check(name: "config", status: .fail, detail: "cannot create \(path): \(error.localizedDescription)"))
            }
        }
        // An invalid config is reported by the checks that follow.
        guard let config = try? Config.load(file: settings.configFile, flags: settings.flags()) else { return fixes }
        let dir = config.string("server.baseDir") ?? "data"
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory) {
            fixes.append(Check(name: "data", status: isDirectory.boolValue ? .ok : .fail,
                               detail: isDirectory.boolValue ? "kept the data folder \(dir): it exists" : "\(dir) exists and is not a folder"))
        } else {
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                fixes.append(Check(name: "data", status: .ok, detail: "created the data folder \(dir)"))
            } catch {
                fixes.append(Check(name: "data", status: .fail, detail: "cannot create the data folder \(dir): \(error.localizedDescription)"))
            }
        }
        return fixes
    }

    static func make(settings: SettingsOptions) async -> DoctorReport {
        var report = DoctorReport()
        let config: Config
        do {
            config = try Config.load(file: settings.configFile, flags: settings.flags())
            let file = config.file ?? "none (defaults and environment)"
            report.checks.append(Check(name: "config", status: .ok, detail: "file: \(file)"))
            for warning in config.warnings { report.checks.append(Check(name: "config", status: .warn, detail: warning)) }
        } catch {
            report.checks.append(Check(name: "config", status: .fail, detail: "\(error)"))
            return report
        }
        report.checks.append(storageCheck(config))
        report.checks.append(contentsOf: providerChecks(config))
        report.checks.append(contentsOf: mcpChecks(config))
        report.checks.append(contentsOf: await ingestChecks(config))
        return report
    }

    /// feishu.* and mineru.*: credentials present (never their values) and the servers reachable; pdftotext for the local fallback.
    static func ingestChecks(_ config: Config) async -> [Check] {
        var checks: [Check] = []
        let feishu = FeishuSettings(config: config)
        if feishu.enabled {
            checks.append(feishu.hasCredentials
                ? Check(name: "feishu", status: .ok, detail: "feishu.appId and feishu.appSecret are set")
                : Check(name: "feishu", status: .warn, detail: "feishu.enabled but feishu.appId or feishu.appSecret is not set: syncs will fail"))
            let why = await IngestProbe.unreachable(feishu.baseURL)
            checks.append(Check(name: "feishu", status: why == nil ? .ok : .warn,
                                detail: why == nil ? "\(Redaction.url(feishu.baseURL)) answers" : "cannot reach \(Redaction.url(feishu.baseURL)): \(why ?? "")"))
        } else {
            checks.append(Check(name: "feishu", status: .ok, detail: "Feishu connectors are disabled (feishu.enabled)"))
        }
        let mineru = MinerUSettings(config: config)
        if mineru.enabled {
            checks.append(mineru.hasKey
                ? Check(name: "mineru", status: .ok, detail: "mineru.apiKey is set")
                : Check(name: "mineru", status: .warn, detail: "mineru.enabled but mineru.apiKey is not set: PDFs are parsed locally with pdftotext"))
            let why = await IngestProbe.unreachable(mineru.baseURL)
            checks.append(Check(name: "mineru", status: why == nil ? .ok : .warn,
                                detail: why == nil ? "\(Redaction.url(mineru.baseURL)) answers" : "cannot reach \(Redaction.url(mineru.baseURL)): \(why ?? "")"))
        } else {
            checks.append(Check(name: "mineru", status: .ok, detail: "MinerU is disabled (mineru.enabled): PDFs are parsed locally with pdftotext"))
        }
        let pdftotext = Executables.find("pdftotext")
        checks.append(Check(name: "pdftotext", status: pdftotext == nil ? .warn : .ok,
                            detail: pdftotext.map { "pdftotext → \($0)" } ?? "pdftotext not found (Debian poppler-utils): ingest/pdf without MinerU fails"))
        return checks
    }

    static func storageCheck(_ config: Config) -> Check {
        if let url = config.string("server.databaseUrl") {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                return Check(name: "storage", status: .fail, detail: "DATABASE_URL must start with postgres:// or postgresql://")
            }
            return Check(name: "storage", status: .ok, detail: "PostgreSQL at \(Redaction.url(url))")
        }
        let dir = config.string("server.baseDir") ?? "data"
        if !FileManager.default.fileExists(atPath: dir) {
            // Only --fix changes the disk; the host creates the folder on its first start.
            var parent = URL(fileURLWithPath: dir).deletingLastPathComponent()
            while !FileManager.default.fileExists(atPath: parent.path) && parent.path != "/" { parent.deleteLastPathComponent() }
            guard FileManager.default.isWritableFile(atPath: parent.path) else {
                return Check(name: "storage", status: .fail, detail: "data directory \(dir) does not exist and \(parent.path) is not writable")
            }
            return Check(name: "storage", status: .ok, detail: "SQLite in \(dir)/openintern.sqlite (the directory does not exist yet: the host creates it, or doctor --fix now)")
        }
        do {
            let probe = (dir as NSString).appendingPathComponent(".doctor-\(ProcessInfo.processInfo.processIdentifier)")
            try Data().write(to: URL(fileURLWithPath: probe))
            try FileManager.default.removeItem(atPath: probe)
            return Check(name: "storage", status: .ok, detail: "SQLite in \(dir)/openintern.sqlite (directory writable)")
        } catch {
            return Check(name: "storage", status: .fail, detail: "data directory \(dir) is not writable: \(error.localizedDescription)")
        }
    }

    static func providerChecks(_ config: Config) -> [Check] {
        let keys: [(String, String, String)] = [
            ("openai", "llm.openai.apiKey", "OPENAI_API_KEY"),
            ("anthropic", "llm.anthropic.apiKey", "ANTHROPIC_API_KEY"),
            ("gemini", "llm.gemini.apiKey", "GEMINI_API_KEY"),
        ]
        var checks: [Check] = []
        for (provider, key, env) in keys {
            let present = config.string(key) != nil
            checks.append(Check(name: "key \(provider)", status: .ok, detail: present ? "\(env) is set" : "\(env) is not set"))
        }
        let selection = ProviderSelection(config: config)
        if selection.needsKey && !selection.hasKey {
            checks.append(Check(name: "provider", status: .fail, detail: "\(selection.provider) is selected but no API key is set (LLM_API_KEY or its own variable)"))
        } else {
            checks.append(Check(name: "provider", status: .ok, detail: "\(selection.provider) (\(selection.reason))"))
        }
        return checks
    }

    static func mcpChecks(_ config: Config) -> [Check] {
        config.mcpServers.map { server in
            // The same lookup the MCP client makes: the server's own PATH if its env sets one.
            if let path = Executables.find(server.command, path: server.env["PATH"] ?? ProcessInfo.processInfo.environment["PATH"]) {
                return Check(name: "mcp \(server.name)", status: .ok, detail: "\(server.command) → \(path)")
            }
            return Check(name: "mcp \(server.name)", status: .fail, detail: "command not found: \(server.command)")
        }
    }
}
