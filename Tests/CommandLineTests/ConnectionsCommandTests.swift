import Foundation
import Testing
import TestSupport

/// `slotplan connections import | list | remove | rekey` (DESIGN §10): tokens go in on standard
/// input and never come out — not in output, not in errors.
@Suite struct ConnectionsCommandTests {
    static let googleToken = "1//0g-google-refresh-\(UUID().uuidString)"
    static let outlookToken = "M.C5-outlook-refresh-\(UUID().uuidString)"
    static let key = Data((0..<32).map { UInt8($0) }).base64EncodedString()

    static func run(_ args: [String], stdin: String? = nil, key: String? = ConnectionsCommandTests.key) throws -> CommandRunner.Output {
        let out = try CommandRunner.run(["connections"] + args, environment: key.map { ["SLOTPLAN_SECRET_KEY": $0] } ?? ["SLOTPLAN_SECRET_KEY": ""],
                                        stdin: stdin.map { Data($0.utf8) })
        for secret in [googleToken, outlookToken] {
            #expect(!out.stdout.contains(secret) && !out.stderr.contains(secret), "a token was printed by \(args)")
        }
        return out
    }

    @Test func importListRemoveAndRekeyWithoutEverShowingAToken() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = ["--store", "sqlite:\(folder.path)/store.db"]
        let input = """
            [{"member": "maria", "provider": "google", "refresh_token": "\(Self.googleToken)", "account": "maria@acme.example", "timezone": "America/New_York"},
             {"member": "maria", "provider": "outlook", "refresh_token": "\(Self.outlookToken)", "account": "maria@acme.example", "account_type": "work"}]
            """
        let imported = try Self.run(["import"] + store + ["--now", "2026-11-30T14:00:00Z"], stdin: input)
        #expect(imported.status == 0 && imported.stdout == "stored 2 connections\n", "\(imported.stderr)")

        let json = try Self.run(["list"] + store + ["--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: [[String: Any]]])
        let rows = try #require(object["connections"])
        #expect(rows.map { "\($0["member"] ?? "")/\($0["provider"] ?? "")/\($0["status"] ?? "")" } == ["maria/google/active", "maria/outlook/active"])
        #expect(Set(rows[0].keys) == ["member", "provider", "account", "calendar", "timezone", "account_type", "status", "connected_at",
                                      "refreshed_at", "expired_reason", "expired_at"])
        #expect(rows[0]["connected_at"] as? String == "2026-11-30T14:00:00Z" && rows[0]["calendar"] as? String == "primary")
        #expect(rows[1]["account_type"] as? String == "work" && rows[0]["refreshed_at"] is NSNull)

        let text = try Self.run(["list"] + store)
        #expect(text.status == 0 && text.stdout.contains("maria\tgoogle\tmaria@acme.example\tprimary\tactive\tconnected 2026-11-30T14:00:00Z"))

        // Disconnecting Google: Outlook takes over.
        let removed = try Self.run(["remove"] + store + ["--member", "maria", "--provider", "google"])
        #expect(removed.status == 0 && removed.stdout.contains("outlook (maria@acme.example) books for maria"), "\(removed.stdout)\(removed.stderr)")
        let again = try Self.run(["remove"] + store + ["--member", "maria", "--provider", "google"])
        #expect(again.status == 1 && again.stderr.contains("maria has no google connection"))

        // Re-keying: the old key no longer opens the store's tokens; the new one does.
        let newKey = Data((0..<32).map { UInt8(200 - $0) }).base64EncodedString()
        let rekey = try CommandRunner.run(["connections", "rekey"] + store, environment: ["SLOTPLAN_SECRET_KEY": Self.key, "SLOTPLAN_NEW_SECRET_KEY": newKey])
        #expect(rekey.status == 0 && rekey.stdout.contains("re-sealed 1 token"), "\(rekey.stderr)")
        let stale = try CommandRunner.run(["connections", "rekey"] + store, environment: ["SLOTPLAN_SECRET_KEY": Self.key, "SLOTPLAN_NEW_SECRET_KEY": newKey])
        #expect(stale.status == 1 && stale.stderr.contains("does not open with this key") && stale.stderr.contains("nothing was re-sealed"))
    }

    @Test func badInputAndAMissingKeyAreRefusedWithoutEchoingTheInput() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = ["--store", "sqlite:\(folder.path)/store.db"]
        let notJSON = try Self.run(["import"] + store, stdin: "member=maria token=\(Self.googleToken)")
        #expect(notJSON.status == 64 && notJSON.stderr.contains("not a JSON list of connections"))
        let missing = try Self.run(["import"] + store, stdin: #"[{"member": "maria", "provider": "google", "account": "a@b.c"}]"#)
        #expect(missing.status == 64 && missing.stderr.contains("missing `refresh_token` at [0]"), "\(missing.stderr)")
        let badType = try Self.run(["import"] + store, stdin: """
            [{"member": "m", "provider": "google", "refresh_token": "\(Self.googleToken)", "account": "a@b.c", "account_type": "work"}]
            """)
        #expect(badType.status == 64 && badType.stderr.contains("entry 0: account_type is for Outlook connections only; nothing was stored"))
        let noKey = try Self.run(["import"] + store, stdin: "[]", key: nil)
        #expect(noKey.status == 64 && noKey.stderr.contains("no secret key: set SLOTPLAN_SECRET_KEY"), "\(noKey.stderr)")
        let provider = try Self.run(["remove"] + store + ["--member", "m", "--provider", "icloud"])
        #expect(provider.status == 64 && provider.stderr.contains("google") && provider.stderr.contains("outlook"))
    }
}
