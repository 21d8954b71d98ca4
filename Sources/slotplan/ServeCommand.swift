import ArgumentParser
import Foundation
import PlanModel
import Runtime
import Server

/// `slotplan serve`: the runtime as an HTTP service for the calling platform (DESIGN §9).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve offers and bookings over HTTP (JSON, problem+json errors, OpenAPI at /openapi.json).")

    @Option(help: "A folder of compiled *.plan.json files (see `slotplan compile`).")
    var plans: String?

    @Option(help: "A workspace compiled at start (default: campaigns/ when --plans is not given).")
    var workspace: String?

    @OptionGroup var options: RuntimeOptions

    @Option(help: "Address to listen on, HOST:PORT (port 0 picks a free one).")
    var listen = "127.0.0.1:8080"

    @Option(help: "How long free/busy is kept for offers, e.g. 30s or 2m.")
    var busyTtl = "30s"

    @Option(help: "Freeze the server's clock at this time, ISO 8601 (demos, tests); no request can set it.")
    var now: String?

    @Option(help: "A file of API keys, one a line (also SLOTPLAN_API_KEYS, comma-separated).")
    var apiKeys: String?

    @Flag(help: "Serve without API keys (only on a loopback address).")
    var insecureNoAuth = false

    @Flag(help: "Also serve the MCP tools over streamable HTTP at /mcp (same API keys).")
    var mcp = false

    @Option(help: "Event-loop threads (default: one per core). Several instances on one machine: cores ÷ instances each, at least 1.")
    var threads: Int?

    /// The `--threads` of a `serve` command line (`arguments` without the program and `serve`),
    /// parsed before the command runs: SwiftNIO's loops must be sized before the first task. A
    /// command line the parser refuses gives nil here; the parse that runs the command reports it.
    static func requestedThreads(_ arguments: [String]) -> Int? {
        do { return try parse(arguments).threads } catch { return nil }
    }

    static let threadRange = 1...256

    func validate() throws {
        if let threads, !Self.threadRange.contains(threads) {
            throw ValidationError("--threads \(threads): expected \(Self.threadRange.lowerBound) to \(Self.threadRange.upperBound)")
        }
    }

    func run() async throws {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port) else {
            throw fail("--listen \(listen): expected HOST:PORT, e.g. 127.0.0.1:8080", code: 64)
        }
        let host = String(listen[..<colon])
        let keys = try loadKeys(host: host)
        let ttl = try parseTTL()
        let frozen = try now.map { try parseInstant($0, option: "--now") }
        let source = PlanSource.served(plans: plans, workspace: workspace)
        let runtime = try await options.serviceRuntime(source: source, busyTTL: ttl)
        let server = SlotplanServer(runtime: runtime, configuration: ServerConfiguration(host: host, port: port, keys: keys, frozenNow: frozen,
                                                                                       mcp: mcp))
        let count = runtime.plans.plans.count
        let watched: String
        switch source {
        case .planFolder(let folder), .workspace(let folder): watched = folder
        case .planFile(let file): watched = (file as NSString).deletingLastPathComponent
        }
        let watcher = PlanReloader(source: source, server: server, folder: watched).start()
        defer { watcher.cancel() }
        try await server.run { bound in
            writeOut("slotplan serve: listening on http://\(host):\(bound) with \(count) campaigns\(mcp ? " (MCP at /mcp)" : "")\n")
        }
    }

    /// The keys, or the refusal to start without any (unless explicitly insecure on loopback).
    func loadKeys(host: String) throws -> APIKeys? {
        var fileText: String?
        if let apiKeys {
            guard let data = FileManager.default.contents(atPath: apiKeys) else { throw fail("--api-keys \(apiKeys): cannot read the file", code: 64) }
            fileText = String(decoding: data, as: UTF8.self)
        }
        let keys = APIKeys(environment: ProcessInfo.processInfo.environment["SLOTPLAN_API_KEYS"], fileContents: fileText)
        if !keys.isEmpty { return keys }
        guard insecureNoAuth else {
            throw fail("no API keys: set SLOTPLAN_API_KEYS or --api-keys FILE (or --insecure-no-auth on a loopback address)", code: 64)
        }
        guard ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host) else {
            throw fail("--insecure-no-auth serves only on a loopback address, not \(host)", code: 64)
        }
        return nil
    }

    func parseTTL() throws -> Duration {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000)]
        for (suffix, factor) in units where busyTtl.hasSuffix(suffix) {
            if let value = Int64(busyTtl.dropLast(suffix.count)), value >= 0 { return .milliseconds(value * factor) }
        }
        throw fail("--busy-ttl \(busyTtl): expected a duration such as 30s, 500ms or 2m", code: 64)
    }
}
