import PlanModel
import Booking
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A provider answered with an HTTP status slotplan cannot use.
struct HTTPStatusError: Error, CustomStringConvertible {
    /// "Google Calendar", "Microsoft Graph", "CalDAV PUT".
    let service: String
    let status: Int
    let body: String

    init(_ service: String, status: Int, body: Data) {
        self.service = service
        self.status = status
        self.body = String(decoding: body.prefix(300), as: UTF8.self)
    }

    var description: String { "\(service) answered HTTP \(status): \(body)" }
}

/// Where a client's access token comes from: a fixed token (the environment's), or a stored
/// connection's, refreshed on demand (`refresh: true` after the provider refused the last one).
/// `rejected` is told when the provider refuses even a fresh token: the connection is dead.
public struct AccessTokenSource: Sendable {
    public let token: @Sendable (_ refresh: Bool) async throws -> String
    public let rejected: @Sendable (_ reason: String) async throws -> Void
    /// Whether a refused token can be replaced by a fresh one.
    public let refreshable: Bool

    public init(refreshable: Bool, token: @escaping @Sendable (_ refresh: Bool) async throws -> String,
                rejected: @escaping @Sendable (_ reason: String) async throws -> Void) {
        self.refreshable = refreshable
        self.token = token
        self.rejected = rejected
    }

    /// A token given from outside, never refreshed.
    public static func fixed(_ token: String) -> AccessTokenSource {
        AccessTokenSource(refreshable: false, token: { _ in token }, rejected: { _ in })
    }
}

/// JSON over HTTPS with a bearer token: what the Google and Microsoft clients share.
struct BearerHTTPClient: Sendable {
    let baseURL: URL
    let tokens: AccessTokenSource
    /// Names the service in errors ("Google", "Microsoft").
    let service: String
    let extraHeaders: [String: String]
    let session: URLSession

    /// Status and body of one request; refuses to send without a token. A 401 with a token that
    /// can be refreshed is tried once more with a fresh one; a 401 then means the grant is gone.
    func send(_ method: String, _ path: String, body: Data?) async throws -> (Int, Data) {
        let first = try await attempt(method, path, body: body, token: try await tokens.token(false))
        guard first.0 == 401, tokens.refreshable else { return first }
        let second = try await attempt(method, path, body: body, token: try await tokens.token(true))
        if second.0 == 401 { try await tokens.rejected("\(service) refused a freshly refreshed access token (HTTP 401)") }
        return second
    }

    func attempt(_ method: String, _ path: String, body: Data?, token: String) async throws -> (Int, Data) {
        guard !token.isEmpty else { throw LedgerError("no \(service) access token (the connection needs reconnecting)") }
        guard let url = URL(string: baseURL.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + path) else {
            throw LedgerError("bad \(service) URL for \(path)")
        }
        var request = URLRequest(url: url, timeoutInterval: 30)
        request.httpMethod = method
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        for (name, value) in extraHeaders { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }
}
