import Foundation
import Testing
import TestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A `slotplan serve` process on 127.0.0.1 with a free port, its own ledger and vdir calendar
/// (a copy of the demo calendar), stopped by its process id.
final class ServerProcess: @unchecked Sendable {
    let folder: URL
    let base: URL
    let process: Process
    let key = "test-key-1"

    /// `ledger` nil: a SQLite ledger in the folder. A folder given may be shared by several servers
    /// (one calendar); the demo calendar is copied in once.
    init(plans: [String] = ["--workspace", "campaigns"], extraArguments: [String] = [], environment: [String: String] = [:],
         folder given: URL? = nil, ledger: String? = nil) throws {
        folder = try given ?? CommandRunner.temporaryFolder()
        let calendar = folder.appendingPathComponent("calendar")
        if !FileManager.default.fileExists(atPath: calendar.appendingPathComponent("maria.ics").path) {
            try FileManager.default.createDirectory(at: calendar, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: DemoWorkspace.mariaCalendar, to: calendar.appendingPathComponent("maria.ics"))
        }
        guard let executable = CommandRunner.executable else { throw CocoaError(.fileNoSuchFile) }
        process = Process()
        process.executableURL = executable
        process.currentDirectoryURL = DemoWorkspace.root
        process.arguments = ["serve"] + plans + ["--ledger", ledger ?? "sqlite:\(folder.path)/ledger.db", "--calendar",
                             "vdir:\(folder.path)/calendar", "--listen", "127.0.0.1:0", "--now", "2026-11-30T14:00:00Z"] + extraArguments
        process.environment = ProcessInfo.processInfo.environment.merging(["SLOTPLAN_API_KEYS": key].merging(environment) { $1 }) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        // The first line names the port: "slotplan serve: listening on http://127.0.0.1:PORT with N campaigns".
        var line = ""
        while !line.hasSuffix("\n") {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty { break }
            line += String(decoding: byte, as: UTF8.self)
        }
        guard let range = line.range(of: #"http://127\.0\.0\.1:[0-9]+"#, options: .regularExpression), let url = URL(string: String(line[range])) else {
            kill(process.processIdentifier, SIGKILL)
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "serve printed no address: \(line)"])
        }
        base = url
    }

    /// Sends a request; `key` nil sends no Authorization header.
    func send(_ method: String, _ path: String, json: String? = nil, key: String? = "default", headers: [String: String] = [:],
              body: Data? = nil) async throws -> (status: Int, object: [String: Any], contentType: String) {
        guard let url = URL(string: base.absoluteString + path) else { throw CocoaError(.fileReadInvalidFileName) }
        var request = URLRequest(url: url, timeoutInterval: 20)
        request.httpMethod = method
        if let key { request.setValue("Bearer \(key == "default" ? self.key : key)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let json { request.httpBody = Data(json.utf8) } else if let body { request.httpBody = body }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        let object = (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]  // a non-JSON body shows as empty
        return (http?.statusCode ?? 0, object, http?.value(forHTTPHeaderField: "Content-Type") ?? "")
    }

    /// A GET whose body is text (`/metrics`).
    func text(_ path: String) async throws -> String {
        guard let url = URL(string: base.absoluteString + path) else { throw CocoaError(.fileReadInvalidFileName) }
        return String(decoding: try await URLSession.shared.data(from: url).0, as: UTF8.self)
    }

    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)  // a temporary folder; nothing to report if it is gone
    }

    /// SIGTERM, then waits (bounded) for the exit; the exit status, or nil if it did not exit.
    func terminate(within seconds: Double = 15) -> Int32? {
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}
