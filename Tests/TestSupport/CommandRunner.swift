import Foundation

/// Runs the built `slotplan` executable and captures what it prints. Both pipes are drained
/// concurrently, so a command that writes a lot to standard error cannot deadlock the runner.
public enum CommandRunner {
    public struct Output: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// The package's root folder.
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `slotplan` binary beside the test bundle, or in `.build/debug`.
    public static let executable: URL? = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("slotplan"),
            packageRoot.appendingPathComponent(".build/debug/slotplan"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// Runs `slotplan args…` in `directory` (default: the package root) with extra environment.
    public static func run(_ args: [String], in directory: URL = DemoWorkspace.root, environment: [String: String] = [:],
                           stdin: Data? = nil) throws -> Output {
        guard let executable else { throw CocoaError(.fileNoSuchFile) }
        return try runProcess(executable, args, in: directory, environment: environment, stdin: stdin)
    }

    /// Runs any program, draining both pipes at once.
    public static func runProcess(_ executable: URL, _ args: [String], in directory: URL = packageRoot, environment: [String: String] = [:],
                                  stdin: Data? = nil) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = args
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        let errBox = DataBox()
        let errReader = Thread { errBox.data = err.fileHandleForReading.readDataToEndOfFile() }
        errReader.start()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errBox.done { usleep(1_000) }
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errBox.data, as: UTF8.self))
    }

    /// A fresh temporary folder.
    public static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("slotplan-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// What the stderr thread read; `done` once it has all of it.
final class DataBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = Data()
    private var finished = false

    var data: Data {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue; finished = true } }
    }

    var done: Bool { lock.withLock { finished } }
}

/// The demo workspace the tests run on: a copy of `campaigns/` and `examples/` under
/// Tests/Fixtures/demo, so the examples may change without breaking tests.
public enum DemoWorkspace {
    public static let root = CommandRunner.packageRoot.appendingPathComponent("Tests/Fixtures/demo")
    public static let campaigns = root.appendingPathComponent("campaigns")
    public static let mariaCalendar = root.appendingPathComponent("examples/maria-calendar.ics")
}
