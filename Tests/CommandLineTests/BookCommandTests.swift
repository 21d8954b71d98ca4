import Foundation
import Testing
import TestSupport

/// `slotplan book` and `cancel` on the embedded defaults with a temporary ledger and vdir.
@Suite struct BookCommandTests {
    static func runtime() throws -> (dir: URL, args: [String]) {
        let dir = try CommandRunner.temporaryFolder()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("calendar"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: DemoWorkspace.mariaCalendar,
                                         to: dir.appendingPathComponent("calendar/maria-calendar.ics"))
        return (dir, ["--ledger", "sqlite:\(dir.path)/slotplan.db", "--calendar", "vdir:\(dir.path)/calendar", "--now", "2026-11-30T14:00:00Z"])
    }

    @Test func bookReplayTakenAndCancelWithTheirExitCodes() throws {
        let (dir, args) = try Self.runtime()
        defer { try? FileManager.default.removeItem(at: dir) }
        let book = ["book", "q4-renewals", "--at", "2026-12-01T15:15:00Z", "--email", "ana@example.com", "--first-name", "Ana"] + args
        let first = try CommandRunner.run(book + ["--format", "json"])
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "booked" && object["replayed"] as? Bool == false)
        let booking = try #require(object["booking"] as? [String: Any])
        let id = try #require(booking["id"] as? String)
        #expect(booking["lineage"] as? String == id && booking["status"] as? String == "confirmed")
        #expect(object["say"] as? String == "Booked. You'll get a calendar invite by email shortly.")
        #expect(FileManager.default.fileExists(atPath: dir.path + "/calendar/\(id).ics"))

        let again = try CommandRunner.run(book + ["--format", "json"])
        #expect(again.status == 0 && again.stdout.contains("\"replayed\":true") && again.stdout.contains(id))

        let other = try CommandRunner.run(["book", "q4-renewals", "--at", "2026-12-01T15:15:00Z", "--email", "bob@example.com"] + args)
        #expect(other.status == 3)
        #expect(other.stdout.contains("slot taken; next offered: 2026-12-01T11:00:00-05:00"), "\(other.stdout)")

        let moveArgs = ["reschedule", id, "--at", "2026-12-01T18:15:00Z", "--ledger", "sqlite:\(dir.path)/slotplan.db",
                        "--calendar", "vdir:\(dir.path)/calendar", "--now", "2026-11-30T14:00:00Z"]
        let moved = try CommandRunner.run(moveArgs + ["--format", "json"])
        #expect(moved.status == 0, "\(moved.stdout)\(moved.stderr)")
        let movedObject = try #require(try JSONSerialization.jsonObject(with: Data(moved.stdout.utf8)) as? [String: Any])
        let movedBooking = try #require(movedObject["booking"] as? [String: Any])
        #expect(movedBooking["start"] as? String == "2026-12-01T18:15:00Z" && movedBooking["event"] as? String == "\(id).ics")
        #expect(movedBooking["lineage"] as? String == id)
        let movedID = try #require(movedBooking["id"] as? String)
        // The move keeps the name given at booking: the invite still greets Ana.
        let invite = try String(contentsOfFile: dir.path + "/calendar/\(id).ics", encoding: .utf8).replacingOccurrences(of: "\r\n ", with: "")
        #expect(invite.contains("SUMMARY:Renewal chat: Ana × Acme") && invite.contains("Hi Ana"))
        #expect((movedObject["say"] as? String ?? "").contains("moved your meeting to tomorrow at 1:15 PM"))
        let nowhere = try CommandRunner.run(["reschedule", movedID, "--campaign", "q4-renewals", "--at", "2026-12-01T17:15:00Z", "--ledger",
                                             "sqlite:\(dir.path)/slotplan.db", "--calendar", "vdir:\(dir.path)/calendar", "--now", "2026-11-30T14:00:00Z"])
        #expect(nowhere.status == 3, "12:15 Eastern is lunch: not offered")
        let rebookMorning = try CommandRunner.run(["book", "q4-renewals", "--at", "2026-12-01T15:15:00Z", "--email", "carl@example.com"] + args)
        #expect(rebookMorning.status == 0, "the old time is free after the move")
        let cancel = try CommandRunner.run(["cancel", movedID, "--ledger", "sqlite:\(dir.path)/slotplan.db", "--calendar", "vdir:\(dir.path)/calendar"])
        #expect(cancel.status == 0 && cancel.stdout == "cancelled \(movedID)\n")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/calendar/\(id).ics"))
        let rebook = try CommandRunner.run(["book", "q4-renewals", "--at", "2026-12-01T18:15:00Z", "--email", "bob@example.com"] + args)
        #expect(rebook.status == 0, "the moved booking's time is free after cancel")
    }

    @Test func skippedAndBadInputExitCodes() throws {
        let (dir, args) = try Self.runtime()
        defer { try? FileManager.default.removeItem(at: dir) }
        let skipped = try CommandRunner.run(["book", "newsletter-nurture", "--at", "2026-12-01T15:15:00Z", "--email", "a@example.com"] + args)
        #expect(skipped.status == 1 && skipped.stdout.contains("booking skipped: booking is disabled"))
        let badEmail = try CommandRunner.run(["book", "q4-renewals", "--at", "2026-12-01T15:15:00Z", "--email", "nobody"] + args)
        #expect(badEmail.status == 64)
        let unknownLedger = try CommandRunner.run(["book", "q4-renewals", "--at", "2026-12-01T15:15:00Z", "--email", "a@example.com",
                                                  "--ledger", "mysql://localhost/x", "--now", "2026-11-30T14:00:00Z"])
        #expect(unknownLedger.status == 64 && unknownLedger.stderr.contains("expected sqlite:PATH or postgres://"))
        let unknown = try CommandRunner.run(["cancel", "bk_nope", "--ledger", "sqlite:\(dir.path)/slotplan.db"])
        #expect(unknown.status == 1)
    }
}

/// `book --calendar google:…` against the local stand-in of Google's API.
@Suite struct BookOnGoogleCommandTests {
    @Test func bookWritesTheEventThroughTheAPI() throws {
        let server = try FakeServer(script: "fake_google_calendar.py")
        defer { server.stop() }
        let (api, log) = (server.baseURL.absoluteString, server.log)
        let dir = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = ["SLOTPLAN_GOOGLE_API": api, "SLOTPLAN_GOOGLE_ACCESS_TOKEN": "cli-token"]
        let booked = try CommandRunner.run(["book", "q4-renewals", "--at", "2026-12-01T15:15:00Z", "--email", "ana@example.com",
                                            "--ledger", "sqlite:\(dir.path)/slotplan.db", "--calendar", "google:primary",
                                            "--now", "2026-11-30T14:00:00Z", "--format", "json"], environment: env)
        #expect(booked.status == 0, "\(booked.stdout)\(booked.stderr)")
        let requests = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(requests.contains("\"authorization\": \"Bearer cli-token\""))
        #expect(requests.contains("conferenceDataVersion=1"))
        let noToken = try CommandRunner.run(["book", "q4-renewals", "--at", "2026-12-01T16:15:00Z", "--email", "bob@example.com",
                                             "--ledger", "sqlite:\(dir.path)/slotplan.db", "--calendar", "google:primary",
                                             "--now", "2026-11-30T14:00:00Z"], environment: ["SLOTPLAN_GOOGLE_API": env["SLOTPLAN_GOOGLE_API"] ?? ""])
        #expect(noToken.status == 1 && noToken.stdout.contains("no Google access token"), "unknown, never free: \(noToken.stdout)")
        let bad = try CommandRunner.run(["book", "q4-renewals", "--at", "2026-12-01T15:15:00Z", "--email", "a@example.com", "--calendar", "ftp:x"])
        #expect(bad.status == 64)
    }
}

/// `--calendar auto` books on the provider the team's connections choose.
@Suite struct BookOnTheChosenProviderTests {
    @Test func googleForMariaAndTeamsForDave() throws {
        let g = try FakeServer(script: "fake_google_calendar.py")
        defer { g.stop() }
        let o = try FakeServer(script: "fake_graph_calendar.py")
        defer { o.stop() }
        let (google, googleLog, graph, graphLog) = (g.baseURL.absoluteString, g.log, o.baseURL.absoluteString, o.log)
        let dir = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = ["SLOTPLAN_GOOGLE_API": google, "SLOTPLAN_GOOGLE_ACCESS_TOKEN": "g", "SLOTPLAN_GRAPH_API": graph,
                   "SLOTPLAN_MICROSOFT_ACCESS_TOKEN": "m"]
        let common = ["--ledger", "sqlite:\(dir.path)/slotplan.db", "--calendar", "auto", "--now", "2026-11-30T14:00:00Z"]
        // q4-renewals: Maria's book_on is Google (her newer Outlook connection is expired and not chosen).
        let maria = try CommandRunner.run(["book", "q4-renewals", "--at", "2026-12-01T15:15:00Z", "--email", "ana@example.com"] + common, environment: env)
        #expect(maria.status == 0, "\(maria.stdout)\(maria.stderr)")
        #expect(((try? String(contentsOf: googleLog, encoding: .utf8)) ?? "").contains("/calendar/v3/calendars/primary/events?conferenceDataVersion=1"))
        // enterprise-demo: Dave's only connection is Outlook for work: a Teams meeting through Graph.
        let demo = try CommandRunner.run(["book", "enterprise-demo", "--at", "2026-12-03T14:30:00Z", "--email", "cto@globex.example"] + common,
                                         environment: env)
        #expect(demo.status == 0, "\(demo.stdout)\(demo.stderr)")
        let graphRequests = (try? String(contentsOf: graphLog, encoding: .utf8)) ?? ""
        #expect(graphRequests.contains("\"isOnlineMeeting\": true") && graphRequests.contains("teamsForBusiness"))
    }
}
