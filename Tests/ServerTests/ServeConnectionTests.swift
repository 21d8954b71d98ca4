import Foundation
import Testing
import TestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `serve` on a stored connection: concurrent bookings, one token refresh; a grant revoked between
/// waves of bookings expires the connection, and from then on bookings are skipped (409
/// booking_skipped) while every 201 a client saw has its event and no event lacks its booking.
@Suite(.serialized) struct ServeConnectionTests {
    static let key = Data((0..<32).map { UInt8(($0 * 3) % 256) }).base64EncodedString()

    @Test func concurrentBookingsShareOneRefreshAndARevokedGrantSkipsTheRest() async throws {
        // Access tokens live 66 s: with the one-minute margin each is used for about six seconds.
        let oauth = try FakeServer(script: "fake_oauth.py", environment: ["FAKE_OAUTH_REFRESH_TOKENS": "rt-maria", "FAKE_OAUTH_EXPIRES_IN": "66"])
        let google = try FakeServer(script: "fake_google_calendar.py")
        defer { oauth.stop(); google.stop() }
        let folder = try CommandRunner.temporaryFolder()
        let env = [
            "SLOTPLAN_SECRET_KEY": Self.key, "SLOTPLAN_GOOGLE_API": google.baseURL.absoluteString,
            "SLOTPLAN_GOOGLE_TOKEN_URL": oauth.baseURL.absoluteString + "/token",
            "SLOTPLAN_GOOGLE_CLIENT_ID": "google-client", "SLOTPLAN_GOOGLE_CLIENT_SECRET": "google-secret", "SLOTPLAN_GOOGLE_ACCESS_TOKEN": "",
        ]
        let json = #"[{"member": "maria", "provider": "google", "refresh_token": "rt-maria", "account": "maria@acme.example"}]"#
        let imported = try CommandRunner.run(["connections", "import", "--store", "sqlite:\(folder.path)/ledger.db"], environment: env,
                                             stdin: Data(json.utf8))
        try #require(imported.status == 0, "\(imported.stderr)")
        let server = try ServerProcess(extraArguments: ["--calendar", "auto"], environment: env, folder: folder)
        defer { server.stop() }

        // Slots an hour apart (buffers never touch), from the hours alone (the stand-in calendar starts empty).
        let preview = try CommandRunner.run(["preview", "q4-renewals", "--now", "2026-11-30T14:00:00Z", "--format", "json"])
        let starts = ((try JSONSerialization.jsonObject(with: Data(preview.stdout.utf8)) as? [String: Any])?["slots"] as? [[String: Any]] ?? [])
            .compactMap { $0["start"] as? String }.enumerated().filter { $0.offset % 4 == 0 }.map(\.element).prefix(10).map { $0 }
        try #require(starts.count == 10)
        // Concurrent waves: five bookings on a cold token cache share one refresh; then the grant
        // is revoked and the cached token runs out; five more at once share one failed refresh
        // and are all skipped.
        func wave(_ range: Range<Int>) async throws -> [(start: String, status: Int, code: String?)] {
            try await withThrowingTaskGroup(of: (start: String, status: Int, code: String?).self) { group in
                for index in range {
                    group.addTask {
                        let body = #"{"campaign": "q4-renewals", "start": "\#(starts[index])", "recipient": {"email": "caller\#(index)@example.com"}}"#
                        let answer = try await server.send("POST", "/v1/bookings", json: body, headers: ["Idempotency-Key": "storm-\(index)"])
                        return (starts[index], answer.status, answer.object["code"] as? String)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        var answers = try await wave(0..<5)
        #expect(try oauth.requests().filter { ($0["path"] as? String) == "/token" }.count == 1, "five bookings, one refresh")
        var revoke = URLRequest(url: oauth.baseURL.appendingPathComponent("control/revoke"))
        revoke.httpMethod = "POST"
        revoke.httpBody = Data("refresh_token=rt-maria".utf8)
        _ = try await URLSession.shared.data(for: revoke)
        let refreshesBefore = try oauth.requests().filter { ($0["path"] as? String) == "/token" }.count
        try await Task.sleep(for: .seconds(6.5))  // the cached access token runs out
        answers += try await wave(5..<10)
        let refreshesAfter = try oauth.requests().filter { ($0["path"] as? String) == "/token" }.count
        #expect(refreshesAfter - refreshesBefore == 1, "five requests, one refresh (answered invalid_grant)")
        let booked = answers.filter { $0.status == 201 }, skipped = answers.filter { $0.status == 409 && $0.code == "booking_skipped" }
        #expect(booked.count == 5 && skipped.count == 5, "\(answers)")
        let detail = try await server.send("POST", "/v1/bookings", json: #"{"campaign": "q4-renewals", "start": "\#(starts[9])", "recipient": {"email": "x@example.com"}}"#,
                                           headers: ["Idempotency-Key": "after"])
        #expect((detail.object["detail"] as? String)?.contains("slotplan connect google --member maria") == true, "\(detail.object)")
        // Every 201 has its event; nothing else was written.
        let inserts = try google.requests().filter { ($0["method"] as? String) == "POST" && (($0["path"] as? String) ?? "").contains("/events") }
        #expect(inserts.count == booked.count, "\(inserts.count) events for \(booked.count) bookings")
        let listed = try CommandRunner.run(["connections", "list", "--store", "sqlite:\(folder.path)/ledger.db", "--format", "json"], environment: env)
        #expect(listed.stdout.contains("\"status\":\"expired\"") || listed.stdout.contains("\"status\": \"expired\""), "\(listed.stdout)")
    }
}
