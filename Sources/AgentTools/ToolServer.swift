import Foundation
import Logging
import MCP

/// MCP servers that offer the tools: over standard input/output (`slotplan mcp`) or one per
/// session of streamable HTTP (`serve --mcp`).
extension AgentTools {
    static let instructions = """
        slotplan books meetings during a live phone call under the campaign's policy. Find times with \
        find_slots and offer only those, saying each `say` text as written; confirm the e-mail with \
        read_back_email before book_slot; book with the offer's `offer_id`. Every result states `now` and \
        both time zones: use them, never your own idea of the date. A refusal carries a `code` \
        (slot_taken, not_offered, booking_skipped, calendar_unavailable, not_found, invalid_request) and, \
        where it helps, `alternatives` to offer instead.
        """

    /// A server with the tools registered, not yet started.
    public func server() async -> Server {
        let server = Server(name: "slotplan", version: "1.0.0", title: "slotplan booking runtime", instructions: Self.instructions,
                            capabilities: .init(tools: .init(listChanged: false)))
        await server.withMethodHandler(ListTools.self) { _ in ListTools.Result(tools: ToolCatalog.tools) }
        await server.withMethodHandler(CallTool.self) { params in await self.call(params.name, arguments: params.arguments) }
        return server
    }

    /// Serves the tools on standard input/output until the client closes it.
    public func runStdio() async throws {
        let server = await server()
        try await server.start(transport: StdioTransport())
        await server.waitUntilCompleted()
    }
}

/// The MCP sessions of `serve --mcp` (streamable HTTP at `/mcp`): an `initialize` opens one,
/// its `Mcp-Session-Id` routes the rest, `DELETE` or an hour without requests closes it.
public actor ToolSessions {
    struct Session {
        let server: Server
        let transport: StatefulHTTPServerTransport
        var lastUsed: ContinuousClock.Instant
    }

    let tools: AgentTools
    let idleLimit: Duration
    let maximum: Int
    private var sessions: [String: Session] = [:]

    public init(tools: AgentTools, idleLimit: Duration = .seconds(3600), maximum: Int = 1000) {
        self.tools = tools
        self.idleLimit = idleLimit
        self.maximum = maximum
    }

    /// The answer to one HTTP request at `/mcp`.
    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        closeIdle()
        if let id = request.header(HTTPHeaderName.sessionID) {
            guard var session = sessions[id] else {
                return .error(statusCode: 404, .invalidRequest("Not Found: no such MCP session (it ended or expired): initialize again"))
            }
            session.lastUsed = .now
            sessions[id] = session
            let response = await session.transport.handleRequest(request)
            if request.method.uppercased() == "DELETE", response.statusCode == 200 { sessions.removeValue(forKey: id) }
            return response
        }
        guard request.method.uppercased() == "POST", let body = request.body, Self.isInitialize(body) else {
            return .error(statusCode: 400, .invalidRequest("Bad Request: send `initialize` first, then its \(HTTPHeaderName.sessionID) header"))
        }
        guard sessions.count < maximum else {
            return .error(statusCode: 503, .internalError("too many open MCP sessions; close one (DELETE /mcp) or retry later"))
        }
        let id = UUID().uuidString
        let transport = StatefulHTTPServerTransport(sessionIDGenerator: FixedSessionID(id: id))
        let server = await tools.server()
        do { try await server.start(transport: transport) } catch {
            return .error(statusCode: 500, .internalError("cannot open an MCP session: \(error)"))
        }
        sessions[id] = Session(server: server, transport: transport, lastUsed: .now)
        let response = await transport.handleRequest(request)
        if case .error = response {
            sessions.removeValue(forKey: id)
            await server.stop()
        }
        return response
    }

    /// Ends every session (the server is stopping).
    public func closeAll() async {
        for (_, session) in sessions { await session.server.stop() }
        sessions.removeAll()
    }

    private func closeIdle() {
        let now = ContinuousClock.now
        for (id, session) in sessions where now - session.lastUsed > idleLimit {
            sessions.removeValue(forKey: id)
            Task { await session.server.stop() }
        }
    }

    /// Whether `body` is a JSON-RPC `initialize` request (anything else, JSON or not, is not).
    static func isInitialize(_ body: Data) -> Bool {
        struct Method: Decodable { let method: String? }
        do { return try JSONDecoder().decode(Method.self, from: body).method == "initialize" } catch { return false }
    }
}

/// The session id chosen before the transport exists.
struct FixedSessionID: SessionIDGenerator {
    let id: String
    func generateSessionID() -> String { id }
}
