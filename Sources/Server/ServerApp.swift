import AgentTools
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import PlanModel
import Runtime

/// What every request of one server shares: the runtime (swapped whole on a reload), the keys,
/// the clock, the counters.
struct ServerState: Sendable {
    let holder: RuntimeHolder
    /// nil: `--insecure-no-auth` on a loopback address.
    let keys: APIKeys?
    /// `--now`: the frozen clock of demos and tests; no request can set it.
    let frozenNow: UnixTime?
    let metrics = ServerMetrics()

    func runtime() -> Runtime { holder.current }
    func now() -> UnixTime { frozenNow ?? UnixTime(Date().timeIntervalSince1970) }
    func count(booking status: OutcomeCode) { metrics.bookings(status.rawValue).increment() }
}

/// The runtime in service; a reload replaces it whole, so a request finishes on the plans it began
/// with. A lock, not an actor: every request reads it, and a read must not cost a hop.
final class RuntimeHolder: @unchecked Sendable {
    private let lock = NSLock()
    private var runtime: Runtime
    init(_ runtime: Runtime) { self.runtime = runtime }
    var current: Runtime { lock.withLock { runtime } }
    func replace(_ runtime: Runtime) { lock.withLock { self.runtime = runtime } }
}

/// How `slotplan serve` runs.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// nil only with `--insecure-no-auth` on a loopback address.
    public var keys: APIKeys?
    public var frozenNow: UnixTime?
    public var bodyLimit: Int
    /// Also serve the MCP tools at `/mcp` (DESIGN §11).
    public var mcp: Bool

    public init(host: String = "127.0.0.1", port: Int = 8080, keys: APIKeys?, frozenNow: UnixTime? = nil, bodyLimit: Int = 64 * 1024,
                mcp: Bool = false) {
        self.host = host
        self.port = port
        self.keys = keys
        self.frozenNow = frozenNow
        self.bodyLimit = bodyLimit
        self.mcp = mcp
    }
}

/// `slotplan serve`: the runtime over HTTP (DESIGN §9), with Hummingbird.
public struct SlotplanServer: Sendable {
    let configuration: ServerConfiguration
    let state: ServerState
    /// The MCP sessions at `/mcp`, when served.
    let toolSessions: ToolSessions?

    public init(runtime: Runtime, configuration: ServerConfiguration) {
        self.configuration = configuration
        let state = ServerState(holder: RuntimeHolder(runtime), keys: configuration.keys, frozenNow: configuration.frozenNow)
        self.state = state
        toolSessions = configuration.mcp ? ToolSessions(tools: AgentTools(runtime: { state.runtime() }, now: { state.now() })) : nil
    }

    /// Serves `catalog` from now on; requests in flight finish on the plans they started with.
    public func replacePlans(_ catalog: PlanCatalog) async {
        let current = state.runtime()
        state.holder.replace(current.with(plans: catalog))
    }

    /// The router with every route of the OpenAPI document.
    func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: RequestLogMiddleware(metrics: state.metrics))
        router.get("healthz") { _, _ in JSONResponse.make(["status": "ok"]) }
        router.get("readyz") { _, _ in try await ready() }
        router.get("metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: state.metrics.text())))
        }
        router.get("openapi.json") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        API(state: state, bodyLimit: configuration.bodyLimit).register(on: router)
        if let toolSessions { MCPRoute(sessions: toolSessions, bodyLimit: configuration.bodyLimit, keys: state.keys).register(on: router) }
        return router
    }

    /// Ready when plans are loaded and the ledger answers.
    func ready() async throws -> Response {
        let runtime = state.runtime()
        do { _ = try await runtime.ledger.sharedSecret() } catch {
            throw Problem(code: "not_ready", statusCode: 503, title: "Not ready", detail: "the ledger does not answer: \(error)", field: nil)
        }
        guard !runtime.plans.plans.isEmpty else {
            throw Problem(code: "not_ready", statusCode: 503, title: "Not ready", detail: "no plans are loaded", field: nil)
        }
        return JSONResponse.make(ReadyAnswer(status: "ready", plans: runtime.plans.plans.count))
    }

    /// Serves until SIGTERM or SIGINT; requests in flight finish first. `onListening` gets the port
    /// (useful with port 0).
    public func run(onListening: @escaping @Sendable (Int) -> Void) async throws {
        let metrics = state.metrics
        state.runtime().busyCache.observe { metrics.busyFetches($0).increment() }
        var logger = Logger(label: "slotplan.serve")
        logger.logLevel = .warning
        let app = Application(router: router(), configuration: .init(address: .hostname(configuration.host, port: configuration.port)),
                              onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) }, logger: logger)
        // Services stop in reverse order: the MCP sessions (whose event streams stay open) end
        // first, then the server finishes its requests in flight.
        var services: [any Service] = [app]
        if let toolSessions { services.append(ToolSessionsService(sessions: toolSessions)) }
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

struct ReadyAnswer: Encodable {
    let status: String
    let plans: Int
}

/// One JSON line per request on standard error, with its request id.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var status = 500
        defer {
            let elapsed = ContinuousClock.now - started
            let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            metrics.requestDuration(route: context.endpointPath ?? "unmatched", status: status).record(elapsed)
            let line = RequestLogLine(requestID: context.id, method: request.method.rawValue, path: request.uri.path, status: status,
                                      durationMS: (ms * 1000).rounded() / 1000)
            FileHandle.standardError.write(line.json())
        }
        do {
            let response = try await next(request, context)
            status = response.status.code
            return response
        } catch let error as any HTTPResponseError {
            status = error.status.code
            throw error
        }
    }
}

struct RequestLogLine: Encodable {
    let requestID: String
    let method: String
    let path: String
    let status: Int
    let durationMS: Double
    enum CodingKeys: String, CodingKey {
        case method, path, status
        case requestID = "request_id"
        case durationMS = "duration_ms"
    }

    /// The line as the encoder writes it (keys sorted), without an encoder: every request writes one.
    func json() -> Data {
        var out = JSONText(capacity: 160)
        out.open(UInt8(ascii: "{"))
        out.member("duration_ms", durationMS)
        out.member("method", method)
        out.member("path", path)
        out.member("request_id", requestID)
        out.member("status", status)
        out.close(UInt8(ascii: "}"))
        return out.line
    }
}

/// Closes the MCP sessions when the server is asked to stop.
struct ToolSessionsService: Service {
    let sessions: ToolSessions

    func run() async throws {
        // Returns when a graceful shutdown begins, or throws when the group is cancelled: either way the sessions end.
        do { try await gracefulShutdown() } catch {}
        await sessions.closeAll()
    }
}
