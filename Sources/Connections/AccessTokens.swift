import Foundation
import PlanModel
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The OAuth 2.0 token endpoints and client credentials of Google and Microsoft (DESIGN §10),
/// each overridable by environment variable so tests talk to local stand-ins.
public struct OAuthSettings: Sendable {
    public let googleAuthURL: URL
    public let googleTokenURL: URL
    /// The Microsoft authority root; the token endpoint is `<root>/common/oauth2/v2.0/token`.
    public let microsoftLoginURL: URL
    public let clients: [CalendarProvider: (id: String, secret: String?)]

    public init(environment: [String: String]) {
        googleAuthURL = URL(string: environment["SLOTPLAN_GOOGLE_AUTH_URL"] ?? "") ?? URL(fileURLWithPath: "/")
        googleTokenURL = URL(string: environment["SLOTPLAN_GOOGLE_TOKEN_URL"] ?? "") ?? URL(fileURLWithPath: "/")
        microsoftLoginURL = URL(string: environment["SLOTPLAN_MICROSOFT_LOGIN_URL"] ?? "") ?? URL(fileURLWithPath: "/")
        var clients: [CalendarProvider: (id: String, secret: String?)] = [:]
        if let id = environment["SLOTPLAN_GOOGLE_CLIENT_ID"], !id.isEmpty { clients[.google] = (id, environment["SLOTPLAN_GOOGLE_CLIENT_SECRET"]) }
        if let id = environment["SLOTPLAN_MICROSOFT_CLIENT_ID"], !id.isEmpty {
            clients[.outlook] = (id, environment["SLOTPLAN_MICROSOFT_CLIENT_SECRET"])
        }
        self.clients = clients
    }

    /// With the real endpoints where the environment names none.
    public static func defaults(_ environment: [String: String]) -> OAuthSettings {
        var env = environment
        if env["SLOTPLAN_GOOGLE_AUTH_URL"]?.isEmpty ?? true { env["SLOTPLAN_GOOGLE_AUTH_URL"] = "https://accounts.google.com/o/oauth2/v2/auth" }
        if env["SLOTPLAN_GOOGLE_TOKEN_URL"]?.isEmpty ?? true { env["SLOTPLAN_GOOGLE_TOKEN_URL"] = "https://oauth2.googleapis.com/token" }
        if env["SLOTPLAN_MICROSOFT_LOGIN_URL"]?.isEmpty ?? true { env["SLOTPLAN_MICROSOFT_LOGIN_URL"] = "https://login.microsoftonline.com" }
        return OAuthSettings(environment: env)
    }

    func authorizationURL(_ provider: CalendarProvider) -> URL {
        provider == .google ? googleAuthURL : microsoftLoginURL.appendingPathComponent("common/oauth2/v2.0/authorize")
    }

    func tokenURL(_ provider: CalendarProvider) -> URL {
        provider == .google ? googleTokenURL : microsoftLoginURL.appendingPathComponent("common/oauth2/v2.0/token")
    }

    /// The scopes slotplan asks for when connecting and again when refreshing (Microsoft wants
    /// them on every token request): who the account is, offline access, the calendars.
    static func scopes(_ provider: CalendarProvider) -> String {
        provider == .google ? "openid email https://www.googleapis.com/auth/calendar"
            : "openid email offline_access https://graph.microsoft.com/Calendars.ReadWrite https://graph.microsoft.com/User.Read"
    }
}

/// A connection that can no longer be used until its member reconnects.
public struct ConnectionExpired: Error, Sendable, CustomStringConvertible {
    public let member: String
    public let provider: CalendarProvider
    public let reason: String

    public init(member: String, provider: CalendarProvider, reason: String) {
        self.member = member
        self.provider = provider
        self.reason = reason
    }

    public var description: String {
        "\(member)'s \(provider.rawValue) connection has expired (\(reason)); booking is skipped until it is reconnected: "
            + "slotplan connect \(provider.rawValue) --member \(member)"
    }
}

/// Access tokens of stored connections (DESIGN §10): refreshed when needed, kept until shortly
/// before they expire, one refresh per connection however many requests wait for it. A refresh
/// answered `invalid_grant` marks the connection expired in the store, with the reason and time.
public actor AccessTokens {
    public let store: ConnectionStore
    let settings: OAuthSettings
    let session: URLSession
    let clock: @Sendable () -> Int64
    /// A token is used until this long before it expires.
    let margin: Int64 = 60

    private var cached: [String: (token: String, expires: Int64)] = [:]
    private var refreshing: [String: Task<String, any Error>] = [:]

    public init(store: ConnectionStore, settings: OAuthSettings, session: URLSession = .shared,
                clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }) {
        self.store = store
        self.settings = settings
        self.session = session
        self.clock = clock
    }

    /// A usable access token; `refresh` forces a new one (the provider refused the cached one).
    public func token(member: String, provider: CalendarProvider, refresh: Bool = false) async throws -> String {
        let key = "\(member)|\(provider.rawValue)"
        if !refresh, let hit = cached[key], hit.expires - margin > clock() { return hit.token }
        if let running = refreshing[key] { return try await running.value }
        let task = Task { try await self.refreshNow(member: member, provider: provider) }
        refreshing[key] = task
        defer { refreshing[key] = nil }
        return try await task.value
    }

    /// Marks a connection expired when its provider refuses a freshly refreshed token (HTTP 401).
    public func rejected(member: String, provider: CalendarProvider, reason: String) async throws {
        cached["\(member)|\(provider.rawValue)"] = nil
        try await store.records.expireConnection(member: member, provider: provider, reason: reason, at: clock())
    }

    private func refreshNow(member: String, provider: CalendarProvider) async throws -> String {
        let key = "\(member)|\(provider.rawValue)"
        guard let (record, refreshToken) = try await store.refreshToken(member: member, provider: provider) else {
            throw ConnectionExpired(member: member, provider: provider, reason: "no stored connection")
        }
        guard record.status == .active else {
            throw ConnectionExpired(member: member, provider: provider, reason: record.expiredReason ?? "expired")
        }
        guard let client = settings.clients[provider] else {
            throw ConnectionError("no OAuth client for \(provider.rawValue): set SLOTPLAN_\(provider == .google ? "GOOGLE" : "MICROSOFT")_CLIENT_ID and _SECRET")
        }
        var form = ["grant_type": "refresh_token", "refresh_token": refreshToken, "client_id": client.id]
        if let secret = client.secret { form["client_secret"] = secret }
        if provider == .outlook { form["scope"] = OAuthSettings.scopes(provider) }
        let answer = try await TokenEndpoint(url: settings.tokenURL(provider), session: session).post(form)
        if let error = answer.error {
            let reason = [error, answer.errorDescription].compactMap { $0 }.joined(separator: ": ")
            guard error == "invalid_grant" else { throw ConnectionError("\(provider.rawValue) token refresh for \(member) failed: \(reason)") }
            cached[key] = nil
            try await store.records.expireConnection(member: member, provider: provider, reason: reason, at: clock())
            throw ConnectionExpired(member: member, provider: provider, reason: reason)
        }
        guard let token = answer.accessToken, !token.isEmpty else { throw ConnectionError("\(provider.rawValue) answered no access_token") }
        let now = clock()
        cached[key] = (token, now + Int64(answer.expiresIn ?? 3600))
        try await store.refreshed(member: member, provider: provider, at: now, newRefreshToken: answer.refreshToken)
        return token
    }
}

/// An OAuth 2.0 token endpoint (RFC 6749 §4.1.3, §6): form-encoded requests, JSON answers.
struct TokenEndpoint {
    let url: URL
    let session: URLSession

    struct Answer: Decodable {
        let accessToken: String?
        let expiresIn: Int?
        let refreshToken: String?
        let idToken: String?
        let error: String?
        let errorDescription: String?
        enum CodingKeys: String, CodingKey {
            case error
            case accessToken = "access_token"
            case expiresIn = "expires_in"
            case refreshToken = "refresh_token"
            case idToken = "id_token"
            case errorDescription = "error_description"
        }
    }

    func post(_ form: [String: String]) async throws -> Answer {
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.httpBody = Data(Self.encode(form).utf8)
        let data: Data, response: URLResponse
        do { (data, response) = try await session.data(for: request) } catch {
            throw ConnectionError("the token endpoint \(url.host ?? url.absoluteString) did not answer: \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        do { return try JSONDecoder().decode(Answer.self, from: data) } catch {
            throw ConnectionError("the token endpoint \(url.host ?? url.absoluteString) answered HTTP \(status) without a token answer")
        }
    }

    /// `application/x-www-form-urlencoded` (RFC 6749 Appendix B).
    static func encode(_ form: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return form.sorted { $0.key < $1.key }.map { key, value in
            "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        }.joined(separator: "&")
    }
}
