import Foundation

/// A local stand-in of a provider API (a script in Tests/peers, on 127.0.0.1 with a bounded
/// lifetime) that checks and records every request. Stopped by its process id.
public final class FakeServer: @unchecked Sendable {
    public let baseURL: URL
    /// One JSON object per request the stand-in saw.
    public let log: URL
    let process: Process

    /// Starts `Tests/peers/<script>` with `python3` from the PATH (the venv's when `make test` runs).
    public init(script: String, arguments: [String] = [], environment: [String: String] = [:], lifetimeSeconds: Int = 60) throws {
        let path = CommandRunner.packageRoot.appendingPathComponent("Tests/peers/\(script)")
        log = FileManager.default.temporaryDirectory.appendingPathComponent("fake-\(UUID().uuidString).jsonl")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path.path, log.path, String(lifetimeSeconds)] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        // The script prints its port on its first line.
        var portText = ""
        while !portText.hasSuffix("\n") {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty { break }
            portText += String(decoding: byte, as: UTF8.self)
        }
        guard let port = Int(portText.trimmingCharacters(in: .whitespacesAndNewlines)), let url = URL(string: "http://127.0.0.1:\(port)") else {
            kill(process.processIdentifier, SIGKILL)
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "\(script) printed no port: \(portText)"])
        }
        baseURL = url
    }

    /// The requests seen so far, oldest first.
    public func requests() throws -> [[String: Any]] {
        guard FileManager.default.fileExists(atPath: log.path) else { return [] }
        let text = try String(contentsOf: log, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw CocoaError(.fileReadCorruptFile)
            }
            return object
        }
    }

    /// Stops the stand-in by its process id and waits for it. SIGKILL: the test runner's blocked
    /// signal mask is inherited, so SIGTERM would wait out the stand-in's lifetime (it keeps no state).
    public func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}
