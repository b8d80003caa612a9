import Foundation
import Logging

/// Logs go to stderr only: stdout carries protocol bytes and nothing else.
public enum LogSetup {
    /// `quietDefault`: CLI commands log warnings and worse unless asked for more.
    public static func bootstrap(level: String, quietDefault: Bool = false) -> Logger {
        let explicit = ProcessInfo.processInfo.environment["OI_LOG_LEVEL"] != nil
        let parsed = (quietDefault && !explicit && level == "info") ? .warning : (Logger.Level(rawValue: level) ?? .info)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = parsed
            return handler
        }
        return Logger(label: "oi.host")
    }
}
