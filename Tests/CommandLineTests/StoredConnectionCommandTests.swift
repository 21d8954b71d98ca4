import Foundation
import Testing
import TestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Booking on stored connections (DESIGN §10) through the local stand-ins of Google's and
/// Microsoft's token endpoints and calendar APIs: a refresh per process, `invalid_grant` marks the
/// connection expired and skips booking until it is reconnected, removing the active provider
/// falls back to the other, and Microsoft's rotated refresh tokens are kept.
@Suite(.serialized) struct StoredConnectionCommandTests {
    static let key = Data((0..<32).map { UInt8(($0 * 13) % 256) }).base64EncodedString()

    @Test func refreshExpireReconnectAndFallBack() async throws {
        let oauth = try FakeServer(script: "fake_oauth.py", environment: ["FAKE_OAUTH_REFRESH_TOKENS": "rt-maria,rt-maria-2,rt-maria-ms"])
        let google = try FakeServer(script: "fake_google_calendar.py"), graph = try FakeServer(script: "fake_graph_calendar.py")
        defer { oauth.stop(); google.stop(); graph.stop() }
        let dir = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ledger = "sqlite:\(dir.path)/slotplan.db"
        let env = [
            "SLOTPLAN_SECRET_KEY": Self.key, "SLOTPLAN_GOOGLE_API": google.baseURL.absoluteString, "SLOTPLAN_GRAPH_API": graph.baseURL.absoluteString,
            "SLOTPLAN_GOOGLE_TOKEN_URL": oauth.baseURL.absoluteString + "/token", "SLOTPLAN_MICROSOFT_LOGIN_URL": oauth.baseURL.absoluteString,
            "SLOTPLAN_GOOGLE_CLIENT_ID": "google-client", "SLOTPLAN_GOOGLE_CLIENT_SECRET": "google-secret",
            "SLOTPLAN_MICROSOFT_CLIENT_ID": "ms-client", "SLOTPLAN_MICROSOFT_CLIENT_SECRET": "ms-secret",
            "SLOTPLAN_GOOGLE_ACCESS_TOKEN": "", "SLOTPLAN_MICROSOFT_ACCESS_TOKEN": "",
        ]
        func connect(_ provider: String, _ token: String, type: String? = nil) throws {
            let typeField = type.map { #", "account_type": "\#($0)""# } ?? ""
            let json = #"[{"member": "maria", "provider": "\#(provider)", "refresh_token": "\#(token)", "account": "maria@acme.example"\#(typeField)}]"#
            let run = try CommandRunner.run(["connections", "import", "--store", ledger], environment: env, stdin: Data(json.utf8))
            try #require(run.status == 0, "\(run.stderr)")
        }
        func book(_ at: String, _ email: String) throws -> CommandRunner.Output {
            try CommandRunner.run(["book", "q4-renewals", "--at", at, "--email", email, "--ledger", ledger, "--calendar", "auto",
                                   "--now", "2026-11-30T14:00:00Z"], environment: env)
        }
        func listed() throws -> [[String: Any]] {
            let run = try CommandRunner.run(["connections", "list", "--store", ledger, "--format", "json"], environment: env)
            return ((try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])?["connections"] as? [[String: Any]]) ?? []
        }
        func refreshes() throws -> [[String: Any]] { try oauth.requests().filter { ($0["path"] as? String) != "/control/revoke" } }

        // Booked on Google with a token refreshed from the stored one; the store records the refresh.
        try connect("google", "rt-maria")
        let first = try book("2026-12-01T15:15:00Z", "ana@example.com")
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        let asked = try refreshes()
        #expect(asked.count == 1 && asked.first?["path"] as? String == "/token")
        let form = try #require(asked.first?["form"] as? [String: String])
        #expect(form == ["grant_type": "refresh_token", "refresh_token": "rt-maria", "client_id": "google-client", "client_secret": "google-secret"])
        #expect((asked.first?["content_type"] as? String)?.hasPrefix("application/x-www-form-urlencoded") == true)
        #expect(try google.requests().allSatisfy { $0["authorization"] as? String == "Bearer ya29.1" })
        #expect(try listed().first?["refreshed_at"] is String)

        // Maria withdraws access: the next refresh is invalid_grant — expired, booking skipped, nothing written.
        var revoke = URLRequest(url: oauth.baseURL.appendingPathComponent("control/revoke"))
        revoke.httpMethod = "POST"
        revoke.httpBody = Data("refresh_token=rt-maria".utf8)
        _ = try await URLSession.shared.data(for: revoke)
        let eventsBefore = try google.requests().filter { ($0["method"] as? String) == "POST" && ($0["path"] as? String ?? "").contains("/events") }.count
        let skipped = try book("2026-12-01T16:15:00Z", "bob@example.com")
        #expect(skipped.status == 1 && skipped.stdout.contains("skipped"), "\(skipped.stdout)\(skipped.stderr)")
        #expect(skipped.stdout.contains("maria's google connection has expired") && skipped.stdout.contains("slotplan connect google --member maria"))
        #expect(try google.requests().filter { ($0["method"] as? String) == "POST" && ($0["path"] as? String ?? "").contains("/events") }.count
                == eventsBefore, "no event without a booking")
        let expired = try #require(try listed().first)
        #expect(expired["status"] as? String == "expired" && expired["expired_reason"] as? String == "invalid_grant: Token has been expired or revoked.")
        #expect(expired["expired_at"] is String)
        // Still skipped, without asking the provider again, until reconnected.
        let refreshCount = try refreshes().count
        let still = try book("2026-12-01T16:15:00Z", "bob@example.com")
        let refreshCountAfter = try refreshes().count
        #expect(still.status == 1 && still.stdout.contains("skipped") && refreshCountAfter == refreshCount)

        // Reconnected: booking works again.
        try connect("google", "rt-maria-2")
        let again = try book("2026-12-01T16:15:00Z", "bob@example.com")
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")

        // Outlook connected too, then Google removed: Outlook takes over (book_on is not connected any more).
        // Connected as a personal Microsoft account: the store's account type wins over the team file's `work`.
        try connect("outlook", "rt-maria-ms", type: "personal")
        let removed = try CommandRunner.run(["connections", "remove", "--store", ledger, "--member", "maria", "--provider", "google"], environment: env)
        #expect(removed.status == 0 && removed.stdout.contains("outlook"), "\(removed.stderr)")
        for (index, at) in ["2026-12-02T15:15:00Z", "2026-12-02T16:15:00Z"].enumerated() {
            let onOutlook = try book(at, "carol\(index)@example.com")
            #expect(onOutlook.status == 0, "\(onOutlook.stdout)\(onOutlook.stderr)")
        }
        // Two processes, two refreshes: the second used the refresh token Microsoft rotated in the first.
        let microsoft = try refreshes().filter { ($0["path"] as? String) == "/common/oauth2/v2.0/token" }.compactMap { $0["form"] as? [String: String] }
        #expect(microsoft.map { $0["refresh_token"] ?? "" } == ["rt-maria-ms", "rt-maria-ms.r3"], "\(microsoft)")
        #expect(microsoft.allSatisfy { ($0["scope"] ?? "").contains("offline_access") && $0["client_id"] == "ms-client" })
        let creates = try graph.requests().filter { ($0["method"] as? String) == "POST" && (($0["path"] as? String) ?? "").contains("/events") }
        #expect(creates.contains { ($0["authorization"] as? String) == "Bearer EwB.3" })
        #expect(creates.count == 2 && creates.allSatisfy { (($0["body"] as? [String: Any])?["isOnlineMeeting"] as? Bool) != true },
                "no Teams meeting on a personal account: \(creates)")
    }
}
