import Foundation

extension SandboxSettings {
    /// The `sandbox.*` keys; `hidden` are the folders commands must not see.
    public init(config: Config, hidden: [String]) {
        self.init()
        enabled = config["sandbox.enabled"]?.boolValue ?? true
        if let list = config["sandbox.env"]?.arrayValue?.compactMap(\.stringValue) { environment = list }
        blockedTypes = Self.normalizedTypes(config["sandbox.fileTypeBlacklist"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        allowedTypes = Self.normalizedTypes(config["sandbox.fileTypeWhitelist"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        maxWriteSize = Int(config.int("sandbox.maxWriteSize") ?? 10 << 20)
        maxCalls = Int(config.int("sandbox.rateLimit.maxCalls") ?? 1000)
        window = .milliseconds(config.int("sandbox.rateLimit.windowMs") ?? 60_000)
        self.hidden = hidden
        bubblewrap = Executables.find("bwrap")
    }
}
