import Foundation

/// What starting a host costs: spawn → `initialize` answered (median of
/// `runs`), the CPU time of `oi-host --version` alone (children's rusage),
/// and the resident memory of a fresh host that answered `initialize` and
/// then sat idle for a second.
struct StartupBench {
    let host: String
    var runs = 21

    func coldStartMillis() throws -> (median: Double, min: Double, max: Double) {
        var starts: [Double] = []
        for _ in 0..<runs {
            let dir = NSTemporaryDirectory() + "oi-rpc-bench-\(UUID().uuidString)"
            let t0 = ContinuousClock.now
            let server = try Server(executable: host, arguments: [], environment: ["DATA_DIR": dir, "OI_LOG_LEVEL": "error", "OI_CONFIG": "/nonexistent.json"])
            _ = try server.call(#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2026-11-01"}}"#)
            starts.append(Self.millis(ContinuousClock.now - t0))
            server.close()
            try? FileManager.default.removeItem(atPath: dir)
        }
        starts.sort()
        return (starts[starts.count / 2], starts.first!, starts.last!)
    }

    /// User and system CPU milliseconds of one `oi-host --version`, averaged.
    func versionCPUMillis() throws -> (user: Double, system: Double) {
        let before = Self.childrenUsage()
        for _ in 0..<runs {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: host)
            process.arguments = ["--version"]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
        }
        let after = Self.childrenUsage()
        return ((after.user - before.user) / Double(runs), (after.system - before.system) / Double(runs))
    }

    func idleResidentMiB() throws -> Double {
        let dir = NSTemporaryDirectory() + "oi-rpc-bench-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let server = try Server(executable: host, arguments: [], environment: ["DATA_DIR": dir, "OI_LOG_LEVEL": "error", "OI_CONFIG": "/nonexistent.json"])
        defer { server.close() }
        _ = try server.call(#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2026-11-01"}}"#)
        _ = try server.call(#"{"jsonrpc":"2.0","id":1,"method":"system/health"}"#)
        Thread.sleep(forTimeInterval: 1)
        return try server.residentMiB()
    }

    static func millis(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    static func childrenUsage() -> (user: Double, system: Double) {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        func ms(_ t: timeval) -> Double { Double(t.tv_sec) * 1000 + Double(t.tv_usec) / 1000 }
        return (ms(usage.ru_utime), ms(usage.ru_stime))
    }
}
