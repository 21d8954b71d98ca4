import AgentTools
import Foundation
import HTTPTypes
import Hummingbird
import MCP

/// `/mcp` (with `serve --mcp`): the MCP tools over streamable HTTP, behind the same API keys as
/// `/v1`. Hummingbird requests are handed to the session's MCP transport and its answers (JSON,
/// an event stream, or a JSON-RPC error) sent back as they come.
struct MCPRoute: Sendable {
    let sessions: ToolSessions
    let bodyLimit: Int
    let keys: APIKeys?

    func register(on router: Router<BasicRequestContext>) {
        let group = router.group("mcp").add(middleware: AuthMiddleware(keys: keys))
        group.post { request, _ in try await handle(request) }
        group.get { request, _ in try await handle(request) }
        group.delete { request, _ in try await handle(request) }
    }

    func handle(_ request: Request) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: bodyLimit) } catch {
            throw Problem.payloadTooLarge(limit: bodyLimit)
        }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let answer = await sessions.handle(MCP.HTTPRequest(method: request.method.rawValue, headers: headers,
                                                           body: body.readableBytes > 0 ? Data(buffer: body) : nil, path: request.uri.path))
        var fields = HTTPFields()
        for (name, value) in answer.headers {
            if let name = HTTPTypes.HTTPField.Name(name) { fields[name] = value }
        }
        let status = HTTPTypes.HTTPResponse.Status(code: answer.statusCode)
        switch answer {
        case .stream(let stream, _):
            let buffers = stream.map { ByteBuffer(data: $0) }
            return Response(status: status, headers: fields, body: ResponseBody(asyncSequence: buffers))
        default:
            return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(data: answer.bodyData ?? Data())))
        }
    }
}
