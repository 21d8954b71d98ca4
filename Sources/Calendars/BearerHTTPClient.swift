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

/// JSON over HTTPS with a bearer token: what the Google and Microsoft clients share.
struct BearerHTTPClient: Sendable {
    let baseURL: URL
    let accessToken: String
    /// Names the service in errors ("Google", "Microsoft").
    let service: String
    let extraHeaders: [String: String]
    let session: URLSession

    /// Status and body of one request; refuses to send without a token.
    func send(_ method: String, _ path: String, body: Data?) async throws -> (Int, Data) {
        guard !accessToken.isEmpty else { throw LedgerError("no \(service) access token (the connection needs reconnecting)") }
        guard let url = URL(string: baseURL.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + path) else {
            throw LedgerError("bad \(service) URL for \(path)")
        }
        var request = URLRequest(url: url, timeoutInterval: 30)
        request.httpMethod = method
        request.setValue("Bearer \(accessToken)", forHTTPHeaderField: "Authorization")
        for (name, value) in extraHeaders { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }
}
