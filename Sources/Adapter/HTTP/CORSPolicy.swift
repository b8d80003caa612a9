/// Which browser origins may call the API (`server.corsOrigins`; none by
/// default). An allowed origin is echoed back with `Vary: Origin`; `*`
/// allows any origin (still echoed, since requests carry credentials).
struct CORSPolicy: Sendable {
    let origins: Set<String>

    func allows(_ origin: String?) -> Bool {
        guard let origin, !origin.isEmpty else { return false }
        return origins.contains("*") || origins.contains(origin)
    }

    static let allowedHeaders = "authorization, content-type, last-event-id, x-org-id, x-user-id, x-project-id"
    static let allowedMethods = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
}
