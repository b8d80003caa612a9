import Foundation

/// `feishu.*`: whether connectors sync, the app's credentials (from config
/// or the environment only: never stored, answered or logged), and how the
/// Open API is called.
public struct FeishuSettings: Sendable {
    public var enabled: Bool
    var appID: String?
    var appSecret: String?
    public var baseURL: String
    public var timeout: Duration
    public var maxRetries: Int
    public var pollInterval: Duration

    public init(config: Config) {
        enabled = config["feishu.enabled"]?.boolValue ?? false
        appID = config.string("feishu.appId").flatMap { $0.isEmpty ? nil : $0 }
        appSecret = config.string("feishu.appSecret").flatMap { $0.isEmpty ? nil : $0 }
        var base = config.string("feishu.baseUrl") ?? "https://open.feishu.cn"
        while base.hasSuffix("/") { base.removeLast() }
        baseURL = base
        timeout = .milliseconds(config.int("feishu.timeoutMs") ?? 20_000)
        maxRetries = Int(config.int("feishu.maxRetries") ?? 3)
        pollInterval = .milliseconds(config.int("feishu.pollIntervalMs") ?? 120_000)
    }

    public var hasCredentials: Bool { appID != nil && appSecret != nil }
}
