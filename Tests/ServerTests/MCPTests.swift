import Foundation
import Testing
import TestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The MCP tools driven by a client nobody here wrote: the official Python MCP SDK (`mcp` in the
/// test venv) plays the seed's call over stdio (`slotplan mcp`) and over streamable HTTP
/// (`serve --mcp`); `Tests/peers/mcp_call.py` prints the transcript these tests check.
@Suite(.serialized) struct MCPTests {
    static let python = CommandRunner.packageRoot.appendingPathComponent(".venv/bin/python")
    static let script = CommandRunner.packageRoot.appendingPathComponent("Tests/peers/mcp_call.py")
    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: python.path)
            && (try? CommandRunner.runProcess(python, ["-c", "import mcp"]).status) == 0
    }

    @Test func theMCPClientIsPresentWhenRequired() {
        if ProcessInfo.processInfo.environment["SLOTPLAN_REQUIRE_PEERS"] == "1" { #expect(Self.available, "the `mcp` package is missing from .venv") }
    }

    @Test(.enabled(if: available, "the Python MCP SDK is not in .venv: run `make test`"))
    func theSeedCallOverStdio() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let calendar = folder.appendingPathComponent("calendar")
        try FileManager.default.createDirectory(at: calendar, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: DemoWorkspace.mariaCalendar, to: calendar.appendingPathComponent("maria.ics"))
        let binary = try #require(CommandRunner.executable)
        // The client starts `slotplan mcp` itself, in the demo workspace.
        let run = try CommandRunner.runProcess(Self.python, [
            Self.script.path, "stdio", binary.path, "mcp", "--workspace", DemoWorkspace.campaigns.path,
            "--ledger", "sqlite:\(folder.path)/ledger.db", "--calendar", "vdir:\(calendar.path)", "--now", "2026-11-30T14:00:00Z",
        ])
        try Self.check(run, calendar: calendar)
    }

    @Test(.enabled(if: available, "the Python MCP SDK is not in .venv: run `make test`"))
    func theSeedCallOverHTTPBehindTheAPIKeys() async throws {
        let server = try ServerProcess(extraArguments: ["--mcp"])
        defer { server.stop() }
        let refused = try await server.send("POST", "/mcp", json: #"{"jsonrpc": "2.0", "id": 1, "method": "tools/list"}"#, key: "wrong")
        #expect(refused.status == 401 && refused.object["code"] as? String == "unauthorized")
        let run = try CommandRunner.runProcess(Self.python, [Self.script.path, "http", server.base.absoluteString + "/mcp", server.key])
        try Self.check(run, calendar: server.folder.appendingPathComponent("calendar"))
    }

    @Test func anOpenEventStreamDoesNotHoldUpSIGTERM() async throws {
        let server = try ServerProcess(extraArguments: ["--mcp"])
        defer { server.stop() }
        let initialize = #"{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}}}"#
        var request = URLRequest(url: server.base.appendingPathComponent("mcp"), timeoutInterval: 10)
        request.httpMethod = "POST"
        request.httpBody = Data(initialize.utf8)
        for (name, value) in ["Authorization": "Bearer \(server.key)", "Content-Type": "application/json",
                              "Accept": "application/json, text/event-stream"] { request.setValue(value, forHTTPHeaderField: name) }
        let (_, response) = try await URLSession.shared.data(for: request)
        let session = try #require((response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Mcp-Session-Id"), "initialize opens a session")
        // The standalone event stream of the session stays open until the server ends it.
        var stream = URLRequest(url: server.base.appendingPathComponent("mcp"), timeoutInterval: 30)
        for (name, value) in ["Authorization": "Bearer \(server.key)", "Accept": "text/event-stream", "Mcp-Session-Id": session,
                              "MCP-Protocol-Version": "2025-06-18"] { stream.setValue(value, forHTTPHeaderField: name) }
        let listener = Task { try await URLSession.shared.data(for: stream) }
        try await Task.sleep(for: .milliseconds(300))
        #expect(server.terminate(within: 8) == 0, "SIGTERM ends the session's stream and exits 0")
        listener.cancel()
    }

    /// Everything the transcript must show, whichever transport carried it.
    static func check(_ run: CommandRunner.Output, calendar: URL) throws {
        try #require(run.status == 0, "\(run.stderr.suffix(3000))")
        let transcript = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let tools = try #require(transcript["tools"] as? [String: [String: Any]])
        #expect(tools.keys.sorted() == ["book_slot", "cancel_booking", "explain_time", "find_slots", "list_campaigns", "parse_spoken_email",
                                        "read_back_email", "reschedule_booking"])
        for (name, tool) in tools {
            let schema = try #require(tool["schema"] as? [String: Any], "\(name) has an input schema")
            #expect(schema["type"] as? String == "object" && schema["additionalProperties"] as? Bool == false, "\(name)")
            #expect(((tool["description"] as? String) ?? "").count > 60, "\(name) tells the model how to use it")
        }
        #expect((tools["book_slot"]?["description"] as? String)?.contains("read_back_email") == true)

        // Propose and ask in the policy's words; hear the address; read it back.
        let campaigns = try #require(structured(transcript, "campaigns")["campaigns"] as? [[String: Any]])
        let q4 = try #require(campaigns.first { $0["id"] as? String == "q4-renewals" })
        #expect(q4["timezone"] as? String == "America/New_York" && q4["booking_enabled"] as? Bool == true)
        #expect((q4["say"] as? [String: Any])?["propose"] as? String == "Would you like to set up a 30-minute meeting?")
        #expect((q4["say"] as? [String: Any])?["ask_email"] as? String == "What's your email address?")
        #expect(structured(transcript, "parsed")["email"] as? String == "john@example.com")
        let spelt = "J as in Juliet, O as in Oscar, H as in Hotel, N as in November at example dot com"
        #expect(structured(transcript, "readback")["spoken"] as? String == spelt)
        #expect(structured(transcript, "readback")["say"] as? String == "Let me read that back: \(spelt) — did I get that right?")

        // Offers in two zones, with the time context every result states.
        let offers = structured(transcript, "offers")
        #expect(offers["now"] as? String == "2026-11-30T14:00:00Z" && offers["timezone"] as? String == "America/New_York")
        #expect((offers["recipient"] as? [String: Any])?["timezone"] as? String == "America/Chicago")
        let list = try #require(offers["offers"] as? [[String: Any]])
        #expect(list.count == 3 && list.allSatisfy { ($0["say"] as? String)?.contains("your time") == true }, "\(list)")
        #expect(((transcript["offers"] as? [String: Any])?["text"] as? String ?? "").contains("America/Chicago"))

        // The race: exactly one booking; the loser is slot_taken with alternatives (offer ids).
        let race = try #require(transcript["race"] as? [[String: Any]])
        let winners = race.filter { $0["is_error"] as? Bool == false }, losers = race.filter { $0["is_error"] as? Bool == true }
        try #require(winners.count == 1 && losers.count == 1, "\(race)")
        let lost = try #require(losers[0]["structured"] as? [String: Any])
        #expect(lost["code"] as? String == "slot_taken" && lost["now"] as? String == "2026-11-30T14:00:00Z")
        #expect(((lost["alternatives"] as? [[String: Any]]) ?? []).contains { $0["id"] is String && $0["say"] is String })
        let won = try #require(winners[0]["structured"] as? [String: Any])
        let booking = try #require(won["booking"] as? [String: Any])
        #expect(booking["status"] as? String == "confirmed" && (won["say"] as? String)?.isEmpty == false)
        #expect((won["recipient"] as? [String: Any])?["timezone"] as? String == "America/Chicago")

        // A repeated call is the same booking.
        let repeated = structured(transcript, "repeat")
        #expect((repeated["booking"] as? [String: Any])?["id"] as? String == booking["id"] as? String && repeated["replayed"] as? Bool == true)

        // Moved to Wednesday: same lineage, a Wednesday in the caller's zone, and the `rescheduled` words.
        let wednesday = try #require((structured(transcript, "wednesday")["offers"] as? [[String: Any]])?.first)
        #expect((wednesday["recipient_local"] as? String)?.hasPrefix("2026-12-02") == true, "\(wednesday)")
        let moved = structured(transcript, "moved")
        let movedBooking = try #require(moved["booking"] as? [String: Any], "\(moved)")
        #expect(movedBooking["lineage"] as? String == booking["lineage"] as? String && movedBooking["start"] as? String == wednesday["start"] as? String)
        #expect((moved["say"] as? String)?.isEmpty == false)

        #expect(structured(transcript, "explain")["offered"] as? Bool == true, "the meeting moved away: its first time is offered again")
        #expect(structured(transcript, "cancel")["booking"].flatMap { ($0 as? [String: Any])?["status"] as? String } == "cancelled")
        #expect(structured(transcript, "cancel_again")["booking"].flatMap { ($0 as? [String: Any])?["status"] as? String } == "cancelled")

        // Refusals carry the HTTP API's codes.
        let refusals = try #require(transcript["refusals"] as? [String: [String: Any]])
        let codes = refusals.mapValues { (($0["structured"] as? [String: Any])?["code"] as? String) ?? "-" }
        #expect(codes == ["tampered_offer": "not_found", "unknown_campaign": "not_found", "unknown_field": "invalid_request",
                          "no_call_id": "invalid_request", "not_offered": "not_offered", "unspeakable": "invalid_request",
                          "unknown_tool": "not_found"], "\(codes)")
        #expect(refusals.values.allSatisfy { $0["is_error"] as? Bool == true })
        let refusedLookup = (refusals["unknown_field"]?["structured"] as? [String: Any]) ?? [:]
        #expect(refusedLookup["now"] as? String == "2026-11-30T14:00:00Z" && refusedLookup["timezone"] as? String == "America/New_York",
                "a refusal states the clock too: \(refusedLookup)")
        #expect(refusedLookup["field"] as? String == "colour")
        #expect(((refusals["unknown_campaign"]?["text"] as? String) ?? "").contains("did you mean `q4-renewals`"))

        // The calendar holds one event of the call, at the new time; the cancelled one is gone.
        let lineage = try #require(booking["lineage"] as? String)
        let files = try FileManager.default.contentsOfDirectory(atPath: calendar.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(files == ["\(lineage).ics", "maria.ics"].sorted(), "\(files)")
        let event = try String(contentsOf: calendar.appendingPathComponent("\(lineage).ics"), encoding: .utf8)
        let start = try #require(movedBooking["start"] as? String).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
        #expect(event.contains("DTSTART:\(start)"), "\(event)")
    }

    static func structured(_ transcript: [String: Any], _ step: String) -> [String: Any] {
        ((transcript[step] as? [String: Any])?["structured"] as? [String: Any]) ?? [:]
    }
}
