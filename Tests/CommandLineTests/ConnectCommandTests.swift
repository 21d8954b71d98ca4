import Foundation
import Testing
import TestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `slotplan connect` end to end: the test plays the browser — it opens the printed URL at the
/// local stand-in of Google's or Microsoft's authorization endpoint, follows its redirect to the
/// command's loopback listener, and the command exchanges the code (PKCE) and stores the token.
@Suite(.serialized) struct ConnectCommandTests {
    static let key = Data((0..<32).map { UInt8(($0 * 5) % 256) }).base64EncodedString()

    struct Outcome {
        let status: Int32
        let stdout: String
        let stderr: String
        let store: String
    }

    /// Runs `connect`, opens the URL it prints (following redirects, as a browser does), waits for it.
    static func connect(_ provider: String, consent: String = "allow", account: String = "work") async throws -> Outcome {
        let oauth = try FakeServer(script: "fake_oauth.py", environment: ["FAKE_OAUTH_CONSENT": consent, "FAKE_OAUTH_MS_ACCOUNT": account])
        defer { oauth.stop() }
        let dir = try CommandRunner.temporaryFolder()
        let store = "sqlite:\(dir.path)/slotplan.db"
        let process = Process()
        process.executableURL = try #require(CommandRunner.executable)
        process.arguments = ["connect", provider, "--member", "maria", "--store", store, "--workspace", DemoWorkspace.campaigns.path, "--timeout", "20"]
        process.environment = ProcessInfo.processInfo.environment.merging([
            "SLOTPLAN_SECRET_KEY": key, "SLOTPLAN_GOOGLE_AUTH_URL": oauth.baseURL.absoluteString + "/auth",
            "SLOTPLAN_GOOGLE_TOKEN_URL": oauth.baseURL.absoluteString + "/token", "SLOTPLAN_MICROSOFT_LOGIN_URL": oauth.baseURL.absoluteString,
            "SLOTPLAN_GOOGLE_CLIENT_ID": "google-client", "SLOTPLAN_GOOGLE_CLIENT_SECRET": "google-secret",
            "SLOTPLAN_MICROSOFT_CLIENT_ID": "ms-client", "SLOTPLAN_MICROSOFT_CLIENT_SECRET": "ms-secret",
        ]) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        // Read until the URL line (bounded: the command prints it at once).
        var printed = ""
        while !printed.contains("waiting for the browser") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            printed += String(decoding: chunk, as: UTF8.self)
        }
        let line = try #require(printed.split(separator: "\n").first { $0.contains("http://127.0.0.1:") && $0.contains("client_id=") })
        let url = try #require(URL(string: line.trimmingCharacters(in: .whitespaces)))
        _ = try await URLSession.shared.data(from: url)  // the browser: authorize, then the redirect to the loopback listener
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        let rest = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        return Outcome(status: process.isRunning ? -1 : process.terminationStatus, stdout: printed + String(decoding: rest, as: UTF8.self),
                       stderr: String(decoding: errors, as: UTF8.self), store: store)
    }

    static func listed(_ store: String) throws -> [[String: Any]] {
        let run = try CommandRunner.run(["connections", "list", "--store", store, "--format", "json"], environment: ["SLOTPLAN_SECRET_KEY": key])
        return ((try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])?["connections"] as? [[String: Any]]) ?? []
    }

    @Test func googleIsConnectedWithPKCEAndTheTokenStoredSealed() async throws {
        let result = try await Self.connect("google")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("connected maria's google calendar (maria@acme.example)"))
        #expect(!result.stdout.contains("rt-granted") && !result.stderr.contains("rt-granted"), "the token is never printed")
        let row = try #require(try Self.listed(result.store).first)
        #expect(row["provider"] as? String == "google" && row["calendar"] as? String == "primary" && row["timezone"] as? String == "America/New_York")
        #expect(row["status"] as? String == "active" && row["account"] as? String == "maria@acme.example")
    }

    @Test func aPersonalMicrosoftAccountIsRecordedAsSuch() async throws {
        let result = try await Self.connect("outlook", account: "personal")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("personal Microsoft account") && result.stdout.contains("no Teams link"))
        let row = try #require(try Self.listed(result.store).first)
        #expect(row["provider"] as? String == "outlook" && row["account_type"] as? String == "personal")
    }

    @Test func adminApprovalAndADeniedConsentAreExplainedAndStoreNothing() async throws {
        let admin = try await Self.connect("outlook", consent: "admin")
        #expect(admin.status == 1 && admin.stderr.contains("need admin approval (AADSTS65001)") && admin.stderr.contains("IT administrator"),
                "\(admin.stderr)")
        #expect(try Self.listed(admin.store).isEmpty)
        let denied = try await Self.connect("google", consent: "deny")
        #expect(denied.status == 1 && denied.stderr.contains("access was not allowed"), "\(denied.stderr)")
        #expect(try Self.listed(denied.store).isEmpty)
    }
}
