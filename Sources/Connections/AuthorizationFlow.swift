import Crypto
import Foundation
import PlanModel
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `slotplan connect`: the OAuth 2.0 authorization code grant with PKCE (RFC 7636, S256) and a
/// loopback redirect (RFC 8252), for Google and the Microsoft identity platform.
public struct AuthorizationFlow: Sendable {
    public let provider: CalendarProvider
    let settings: OAuthSettings
    let client: (id: String, secret: String?)
    let session: URLSession
    /// The PKCE code verifier (43–128 unreserved characters) and the anti-forgery state.
    let verifier: String
    let state: String

    public init(provider: CalendarProvider, settings: OAuthSettings, session: URLSession = .shared) throws(ConnectionError) {
        guard let client = settings.clients[provider] else {
            let prefix = provider == .google ? "SLOTPLAN_GOOGLE" : "SLOTPLAN_MICROSOFT"
            throw ConnectionError("no OAuth client for \(provider.rawValue): set \(prefix)_CLIENT_ID and \(prefix)_CLIENT_SECRET (the app registered with \(provider == .google ? "Google Cloud" : "Microsoft Entra"))")
        }
        self.provider = provider
        self.settings = settings
        self.client = client
        self.session = session
        verifier = Self.randomURLSafe(48)
        state = Self.randomURLSafe(24)
    }

    /// What the member opens in a browser.
    public func authorizationURL(redirectURI: String) -> URL {
        var components = URLComponents(url: settings.authorizationURL(provider), resolvingAgainstBaseURL: false)
        var items = [
            URLQueryItem(name: "client_id", value: client.id), URLQueryItem(name: "redirect_uri", value: redirectURI),
            URLQueryItem(name: "response_type", value: "code"), URLQueryItem(name: "scope", value: OAuthSettings.scopes(provider)),
            URLQueryItem(name: "code_challenge", value: Self.challenge(verifier)), URLQueryItem(name: "code_challenge_method", value: "S256"),
            URLQueryItem(name: "state", value: state),
        ]
        if provider == .google {
            items += [URLQueryItem(name: "access_type", value: "offline"), URLQueryItem(name: "prompt", value: "consent")]
        } else {
            items += [URLQueryItem(name: "response_mode", value: "query"), URLQueryItem(name: "prompt", value: "select_account")]
        }
        components?.queryItems = items
        return components?.url ?? settings.authorizationURL(provider)
    }

    /// What a connection is made of once the member has allowed access.
    public struct Granted: Sendable {
        public let refreshToken: String
        public let account: String
        /// Outlook: `personal` for a Microsoft account (Outlook.com, Hotmail, Live), else `work`.
        public let accountType: String?
    }

    /// The redirect's answer turned into a stored connection's parts: a refusal explained, the
    /// state checked, the code exchanged (with the verifier) for a refresh token.
    public func finish(query: [String: String], redirectURI: String) async throws(ConnectionError) -> Granted {
        if let error = query["error"] {
            throw ConnectionError(Self.explain(error: error, description: query["error_description"] ?? "", provider: provider, clientID: client.id,
                                               settings: settings))
        }
        guard query["state"] == state else { throw ConnectionError("the answer's state does not match this request: not used (start again)") }
        guard let code = query["code"], !code.isEmpty else { throw ConnectionError("the redirect carried no authorization code") }
        var form = ["grant_type": "authorization_code", "code": code, "redirect_uri": redirectURI, "client_id": client.id, "code_verifier": verifier]
        if let secret = client.secret { form["client_secret"] = secret }
        if provider == .outlook { form["scope"] = OAuthSettings.scopes(provider) }
        let answer: TokenEndpoint.Answer
        do { answer = try await TokenEndpoint(url: settings.tokenURL(provider), session: session).post(form) } catch let error as ConnectionError {
            throw error
        } catch { throw ConnectionError("\(error)") }
        if let error = answer.error {
            throw ConnectionError(Self.explain(error: error, description: answer.errorDescription ?? "", provider: provider, clientID: client.id,
                                               settings: settings))
        }
        guard let refreshToken = answer.refreshToken, !refreshToken.isEmpty else {
            throw ConnectionError("\(provider.rawValue) granted no refresh token (offline access); remove slotplan's access in the account settings and connect again")
        }
        let claims = Self.claims(answer.idToken)
        guard let account = claims.email, !account.isEmpty else { throw ConnectionError("\(provider.rawValue) did not say which account was connected (no e-mail in the id token)") }
        let personal = claims.tenant == "9188040d-6c67-4c5b-b112-36a304b66dad"  // the consumer-accounts tenant
        return Granted(refreshToken: refreshToken, account: account, accountType: provider == .outlook ? (personal ? "personal" : "work") : nil)
    }

    /// A refusal in words a team member can act on.
    static func explain(error: String, description: String, provider: CalendarProvider, clientID: String, settings: OAuthSettings) -> String {
        if description.contains("AADSTS65001") || error == "consent_required" {
            let consent = settings.microsoftLoginURL.appendingPathComponent("organizations/adminconsent").absoluteString + "?client_id=\(clientID)"
            return """
                need admin approval (AADSTS65001): the organisation lets only an administrator allow apps to read calendars. \
                Ask your IT administrator to grant admin consent to slotplan (client id \(clientID)) for Calendars.ReadWrite, \
                e.g. at \(consent), then connect again
                """
        }
        if error == "access_denied" {
            return "access was not allowed (\(provider.rawValue) answered access_denied); nothing was stored — connect again and choose Allow"
        }
        return "\(provider.rawValue) refused: \(error)\(description.isEmpty ? "" : ": \(description)")"
    }

    /// The e-mail and tenant of an id token's payload (read, not verified: it came straight from
    /// the token endpoint over TLS, RFC 6749 §10.7 / OpenID Connect Core §3.1.3.7).
    static func claims(_ idToken: String?) -> (email: String?, tenant: String?) {
        struct Claims: Decodable { let email: String?; let preferred_username: String?; let tid: String? }
        let parts = idToken?.split(separator: ".") ?? []
        guard parts.count >= 2 else { return (nil, nil) }
        guard let data = Base64URL.decode(String(parts[1])) else { return (nil, nil) }
        do {
            let c = try JSONDecoder().decode(Claims.self, from: data)
            return (c.email ?? c.preferred_username, c.tid)
        } catch { return (nil, nil) }
    }

    static func randomURLSafe(_ bytes: Int) -> String {
        Base64URL.encode(Data((0..<bytes).map { _ in UInt8.random(in: 0...255) }))
    }

    static func challenge(_ verifier: String) -> String { Base64URL.encode(Data(SHA256.hash(data: Data(verifier.utf8)))) }
}
