import Foundation
import JSON

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs a command to its end.
enum Command {
    static func output(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BenchError("\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }
}

/// oi-adapter (with its host) on a free port.
final class AdapterUnderTest {
    let process = Process()
    let port: Int
    var pid: Int32 { process.processIdentifier }

    init(bin: String, environment: [String: String]) throws {
        process.executableURL = URL(fileURLWithPath: bin + "/oi-adapter")
        process.arguments = ["--port", "0", "--log-level", "error", "--host-binary", bin + "/oi-host"]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var text = ""
        let handle = err.fileHandleForReading
        while !text.contains("\n"), process.isRunning {
            let data = handle.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let range = text.range(of: "listening on http://127.0.0.1:"),
              let port = Int(text[range.upperBound...].prefix { $0.isNumber }) else { throw BenchError("the adapter did not start: \(text)") }
        self.port = port
        // Its stderr keeps draining, so logging never blocks it.
        Thread { while !handle.availableData.isEmpty {} }.start()
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }

    /// VmRSS and VmHWM (peak) of the adapter, KiB.
    func memory() -> (rss: Int, peak: Int) { Memory.of(pid) }
}

/// utime + stime of a process, seconds (`/proc/<pid>/stat` fields 14 and 15).
enum CPU {
    static func seconds(_ pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}

enum Memory {
    static func of(_ pid: Int32) -> (rss: Int, peak: Int) {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return (0, 0) }
        func field(_ name: String) -> Int {
            status.split(separator: "\n").first { $0.hasPrefix(name + ":") }
                .flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") } ?? 0
        }
        return (field("VmRSS"), field("VmHWM"))
    }
}
