import Foundation
import Logging
import Runtime

/// Logs go to stderr only: stdout carries protocol bytes and nothing else.
/// Every line written while a run executes carries its `run_id`, `step` and
/// scope (`RunLogContext`); `format` `json` writes one object per line
/// (`JSONLogHandler`), `text` swift-log's lines.
public enum LogSetup {
    /// `quietDefault`: CLI commands log warnings and worse unless asked for more.
    public static func bootstrap(level: String, format: String? = nil, quietDefault: Bool = false) -> Logger {
        let explicit = ProcessInfo.processInfo.environment["OI_LOG_LEVEL"] != nil
        let parsed = (quietDefault && !explicit && level == "info") ? .warning : (Logger.Level(rawValue: level) ?? .info)
        let json = format == "json"
        LoggingSystem.bootstrap({ label, provider in
            if json { return JSONLogHandler(label: label, level: parsed, metadataProvider: provider) }
            var handler = StreamLogHandler.standardError(label: label, metadataProvider: provider)
            handler.logLevel = parsed
            return handler
        }, metadataProvider: RunLogContext.metadataProvider)
        return Logger(label: "oi.host")
    }
}
