import Foundation
import Testing
import TestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `slotplan serve` end to end over HTTP on 127.0.0.1: the call's flow, refusals and their codes.
@Suite(.serialized) struct ServeTests {
    static let ana = #"{"email": "ana@example.com", "first_name": "Ana"}"#

    @Test func offersBookReplayRaceMoveAndCancel() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let offers = try await server.send("POST", "/v1/campaigns/q4-renewals/offers", json: #"{"call_id": "c1", "recipient": {"phone": "+13125550100"}}"#)
        #expect(offers.status == 200 && offers.object["now"] as? String == "2026-11-30T14:00:00Z")
        let list = try #require(offers.object["offers"] as? [[String: Any]])
        #expect(list.count == 3)
        let offer = try #require(list[1]["id"] as? String)
        #expect(list[1]["say"] as? String == "I have tomorrow at 10:15 AM Eastern available — that's 9:15 AM your time. Does that work?")

        let body = #"{"campaign": "q4-renewals", "offer_id": "\#(offer)", "call_id": "c1", "recipient": \#(Self.ana)}"#
        let booked = try await server.send("POST", "/v1/bookings", json: body, headers: ["Idempotency-Key": "c1-book"])
        #expect(booked.status == 201, "\(booked.object)")
        let booking = try #require(booked.object["booking"] as? [String: Any])
        let id = try #require(booking["id"] as? String)
        #expect(booking["start"] as? String == "2026-12-01T15:15:00Z" && booked.object["say"] as? String != nil)
        // The same key again: the same booking, 200.
        let replay = try await server.send("POST", "/v1/bookings", json: body, headers: ["Idempotency-Key": "c1-book"])
        #expect(replay.status == 200 && (replay.object["booking"] as? [String: Any])?["id"] as? String == id)
        // Another caller with the same offer: 409 slot_taken with alternatives that carry ids.
        let other = #"{"campaign": "q4-renewals", "offer_id": "\#(offer)", "recipient": {"email": "bob@example.com"}}"#
        let lost = try await server.send("POST", "/v1/bookings", json: other, headers: ["Idempotency-Key": "c2-book"])
        #expect(lost.status == 409 && lost.object["code"] as? String == "slot_taken" && lost.contentType == "application/problem+json")
        let alternatives = try #require(lost.object["alternatives"] as? [[String: Any]])
        #expect(!alternatives.isEmpty && alternatives.allSatisfy { ($0["id"] as? String)?.hasPrefix("of_") == true })
        // Moved on the same call, "to Wednesday": same lineage.
        let wednesday = try await server.send("POST", "/v1/campaigns/q4-renewals/offers", json: #"{"weekdays": ["wed"], "count": 1}"#)
        let wednesdayOffer = try #require(((wednesday.object["offers"] as? [[String: Any]])?.first)?["id"] as? String)
        let moved = try await server.send("POST", "/v1/bookings/\(id)/reschedule", json: #"{"offer_id": "\#(wednesdayOffer)"}"#,
                                          headers: ["Idempotency-Key": "c1-move"])
        #expect(moved.status == 200, "\(moved.object)")
        let movedBooking = try #require(moved.object["booking"] as? [String: Any])
        #expect(movedBooking["lineage"] as? String == id && (moved.object["say"] as? String ?? "").contains("moved your meeting to Wednesday"))
        let movedID = try #require(movedBooking["id"] as? String)
        #expect(try await server.send("GET", "/v1/bookings/\(movedID)").status == 200)
        // Cancel, and the same again.
        let cancelled = try await server.send("DELETE", "/v1/bookings/\(movedID)")
        #expect(cancelled.status == 200 && (cancelled.object["booking"] as? [String: Any])?["status"] as? String == "cancelled")
        #expect(try await server.send("DELETE", "/v1/bookings/\(movedID)").status == 200)
        #expect(try await server.send("GET", "/v1/bookings/bk_none").object["code"] as? String == "not_found")
    }

    @Test func withoutTheRightKeyNothingIsTouched() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let body = #"{"campaign": "q4-renewals", "start": "2026-12-01T15:15:00Z", "recipient": \#(Self.ana)}"#
        for key in [nil, "wrong-key", ""] as [String?] {
            let answer = try await server.send("POST", "/v1/bookings", json: body, key: key, headers: ["Idempotency-Key": "k"])
            #expect(answer.status == 401 && answer.object["code"] as? String == "unauthorized")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: server.folder.appendingPathComponent("calendar").path)
        #expect(files == ["maria.ics"], "no event was written")
        // With the key the same request books: the slot was never touched.
        #expect(try await server.send("POST", "/v1/bookings", json: body, headers: ["Idempotency-Key": "k"]).status == 201)
        #expect(try await server.send("GET", "/healthz", key: nil).status == 200)
        #expect(try await server.send("GET", "/readyz", key: nil).status == 200)
    }

    @Test func badInputIsAProblemWithItsCode() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let cases: [(String, String, String?, [String: String], Int, String, String?)] = [
            ("POST", "/v1/campaigns/q4-renewals/offers", "{not json", [:], 400, "invalid_request", nil),
            ("POST", "/v1/campaigns/q4-renewals/offers", #"{"count": "three"}"#, [:], 400, "invalid_request", "count"),
            ("POST", "/v1/campaigns/q4-renewals/offers", #"{"colour": "red"}"#, [:], 400, "invalid_request", "colour"),
            ("POST", "/v1/campaigns/q4-renewals/offers", #"{"recipient": {"phone": "+13125550100", "fax": 1}}"#, [:], 400, "invalid_request", "recipient.fax"),
            ("POST", "/v1/campaigns/q4-renewals/offers", #"{"weekdays": ["someday"]}"#, [:], 400, "invalid_request", "weekdays"),
            ("POST", "/v1/campaigns/q4-renewals/offers", #"{"hold": true}"#, [:], 422, "invalid_request", "call_id"),
            ("POST", "/v1/campaigns/enterprise-demo/offers", #"{"hold": true, "call_id": "c"}"#, [:], 422, "invalid_request", "hold"),
            ("POST", "/v1/campaigns/no-such/offers", "{}", [:], 404, "not_found", "campaign"),
            ("POST", "/v1/campaigns/newsletter-nurture/offers", "{}", [:], 409, "booking_skipped", nil),
            ("POST", "/v1/bookings", #"{"campaign": "q4-renewals", "start": "2026-12-01T15:15:00Z", "recipient": {"email": "a@example.com"}}"#,
             [:], 400, "invalid_request", "Idempotency-Key"),
            ("POST", "/v1/bookings", #"{"campaign": "q4-renewals", "start": "tomorrow", "recipient": {"email": "a@example.com"}}"#,
             ["Idempotency-Key": "x"], 400, "invalid_request", "start"),
            ("POST", "/v1/bookings", #"{"campaign": "q4-renewals", "start": "2026-12-01T15:15:00Z", "recipient": {"email": "nobody"}}"#,
             ["Idempotency-Key": "x"], 422, "invalid_request", "email"),
            ("POST", "/v1/bookings", #"{"campaign": "q4-renewals", "offer_id": "of_dGFtcGVyZWQ.AAAAAAAAAAAAAAAAAAAAAA", "recipient": {"email": "a@example.com"}}"#,
             ["Idempotency-Key": "x"], 404, "not_found", "offer_id"),
            ("POST", "/v1/bookings", #"{"campaign": "q4-renewals", "start": "2026-12-01T14:15:00Z", "recipient": {"email": "a@example.com"}}"#,
             ["Idempotency-Key": "y"], 422, "not_offered", nil),
            ("POST", "/v1/email/parse", #"{"spoken": "no address here"}"#, [:], 422, "invalid_request", "spoken"),
        ]
        for (method, path, json, headers, status, code, field) in cases {
            let answer = try await server.send(method, path, json: json, headers: headers)
            #expect(answer.status == status && answer.object["code"] as? String == code, "\(path) \(json ?? ""): \(answer.object)")
            #expect(answer.contentType == "application/problem+json")
            if let field { #expect(answer.object["field"] as? String == field, "\(path) \(json ?? "")") }
        }
        let huge = try await server.send("POST", "/v1/email/readback", body: Data(repeating: 0x61, count: 70_000))
        #expect(huge.status == 413 && huge.object["code"] as? String == "payload_too_large")
        // An offer id of another campaign does not book this one.
        let enterprise = try await server.send("POST", "/v1/campaigns/enterprise-demo/offers", json: "{}")
        let foreign = try #require(((enterprise.object["offers"] as? [[String: Any]])?.first)?["id"] as? String)
        let crossed = try await server.send("POST", "/v1/bookings", json: #"{"campaign": "q4-renewals", "offer_id": "\#(foreign)", "recipient": \#(Self.ana)}"#,
                                            headers: ["Idempotency-Key": "z"])
        #expect(crossed.status == 404 && crossed.object["field"] as? String == "offer_id")
    }

    @Test func theServedDocumentIsTheRepositorysAndEveryOperationAnswersAsItSays() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let served = try await URLSession.shared.data(from: server.base.appendingPathComponent("openapi.json")).0
        let file = try Data(contentsOf: CommandRunner.packageRoot.appendingPathComponent("openapi/slotplan.openapi.json"))
        #expect(served == file, "run `make openapi` after editing openapi/slotplan.openapi.json")
        let document = try #require(try JSONSerialization.jsonObject(with: file) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let booked = try await server.send("POST", "/v1/bookings", json: #"{"campaign": "q4-renewals", "start": "2026-12-01T15:15:00Z", "recipient": \#(Self.ana)}"#,
                                           headers: ["Idempotency-Key": "doc"])
        let id = try #require((booked.object["booking"] as? [String: Any])?["id"] as? String)
        let bodies = ["offers": "{}", "explain": #"{"at": "2026-12-01T15:00:00Z"}"#, "book": #"{"campaign": "q4-renewals", "start": "2026-12-01T16:15:00Z", "recipient": {"email": "b@example.com"}}"#,
                      "reschedule": #"{"start": "2026-12-01T16:30:00Z"}"#, "readBackEmail": #"{"email": "a@example.com"}"#,
                      "parseSpokenEmail": #"{"spoken": "a at example dot com"}"#]
        for (path, operations) in paths.sorted(by: { $0.key < $1.key }) {
            for (method, value) in operations.sorted(by: { $0.key < $1.key }).reversed() {
                guard let operation = value as? [String: Any], let name = operation["operationId"] as? String,
                      let responses = operation["responses"] as? [String: Any] else { continue }
                let concrete = path.replacingOccurrences(of: "{id}", with: path.hasPrefix("/v1/campaigns") ? "q4-renewals" : id)
                let answer = try await server.send(method.uppercased(), concrete, json: bodies[name], headers: ["Idempotency-Key": "doc-\(name)"])
                #expect(responses.keys.contains(String(answer.status)), "\(method) \(path) answered \(answer.status), not in the document")
                #expect(answer.status < 500, "\(method) \(path): \(answer.object)")
            }
        }
    }

    @Test func refusesToStartWithoutKeysOrInsecureOffLoopback() throws {
        let noKeys = try CommandRunner.run(["serve", "--listen", "127.0.0.1:0"], environment: ["SLOTPLAN_API_KEYS": ""])
        #expect(noKeys.status == 64 && noKeys.stderr.contains("no API keys"))
        let open = try CommandRunner.run(["serve", "--listen", "0.0.0.0:0", "--insecure-no-auth"], environment: ["SLOTPLAN_API_KEYS": ""])
        #expect(open.status == 64 && open.stderr.contains("only on a loopback address"))
    }

    /// The names of the process's SwiftNIO event-loop threads (`NIO-SGLTN-…`).
    static func eventLoopThreads(of pid: Int32) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task").compactMap { task in
            let name = try String(contentsOfFile: "/proc/\(pid)/task/\(task)/comm", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            return name.hasPrefix("NIO-SGLTN") ? name : nil
        }
    }

    /// `--threads N` sizes the event loops (several instances on one machine share its cores);
    /// anything out of range is refused before the server starts.
    @Test func threadsSizeTheEventLoopsAndOutOfRangeIsRefused() async throws {
        for threads in [1, 3] {
            let server = try ServerProcess(extraArguments: ["--threads", "\(threads)"])
            defer { server.stop() }
            #expect(try await server.send("GET", "/v1/campaigns").status == 200)
            #expect(try Self.eventLoopThreads(of: server.process.processIdentifier).count == threads)
        }
        for bad in ["0", "257", "two"] {
            let refused = try CommandRunner.run(["serve", "--listen", "127.0.0.1:0", "--threads", bad])
            #expect(refused.status == 64 && refused.stderr.contains("--threads"), "\(bad): \(refused.stderr)")
        }
    }

    @Test func plansReloadWhenTheFolderChangesAndABrokenSetIsRefused() async throws {
        let folder = try CommandRunner.temporaryFolder()
        let plans = folder.appendingPathComponent("plans")
        #expect(try CommandRunner.run(["compile", "campaigns", "--out", plans.path]).status == 0)
        let server = try ServerProcess(plans: ["--plans", plans.path], folder: folder)
        defer { server.stop() }
        func campaignCount() async throws -> Int { (try await server.send("GET", "/v1/campaigns").object["campaigns"] as? [Any])?.count ?? -1 }
        /// Waits (bounded) until the count is `expected`; false if it never is.
        func eventually(_ expected: Int) async throws -> Bool {
            for _ in 0..<40 {
                if try await campaignCount() == expected { return true }
                try await Task.sleep(for: .milliseconds(250))
            }
            return false
        }
        #expect(try await campaignCount() == 6)
        try FileManager.default.removeItem(at: plans.appendingPathComponent("newsletter-nurture.plan.json"))
        #expect(try await eventually(5), "a removed plan is gone after the folder changed")
        // A hand-edited plan fails its hash: the whole new set is refused, the old one keeps serving.
        let q4 = try String(contentsOf: plans.appendingPathComponent("q4-renewals.plan.json"), encoding: .utf8)
        try q4.replacingOccurrences(of: "\"daily_limit\" : 6", with: "\"daily_limit\" : 60")
            .write(to: plans.appendingPathComponent("edited.plan.json"), atomically: true, encoding: .utf8)
        try await Task.sleep(for: .seconds(2))
        #expect(try await campaignCount() == 5)
        #expect(try await server.send("POST", "/v1/campaigns/q4-renewals/offers", json: "{}").status == 200)
        // Fixed, and a SIGHUP: reloaded.
        try FileManager.default.removeItem(at: plans.appendingPathComponent("edited.plan.json"))
        #expect(try CommandRunner.run(["compile", "campaigns", "--out", plans.path]).status == 0)
        kill(server.process.processIdentifier, SIGHUP)
        #expect(try await eventually(6))
    }

    @Test func oneProviderFetchPerTTLAndAFailingOrHangingCalendarIsUnavailable() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        for _ in 0..<10 { #expect(try await server.send("POST", "/v1/campaigns/q4-renewals/offers", json: "{}").status == 200) }
        let body = #"{"campaign": "q4-renewals", "start": "2026-12-01T15:15:00Z", "recipient": \#(Self.ana)}"#
        #expect(try await server.send("POST", "/v1/bookings", json: body, headers: ["Idempotency-Key": "m"]).status == 201)
        let metrics = try await server.text("/metrics")
        #expect(metrics.contains("slotplan_busy_fetches_total{result=\"ok\"} 1\n"), "ten lookups, one fetch:\n\(metrics)")
        #expect(metrics.contains("slotplan_bookings_total{outcome=\"booked\"} 1\n"))
        #expect(metrics.contains("slotplan_http_request_duration_seconds_count{route=\"/v1/campaigns/{id}/offers\",status=\"200\"} 10")
                || metrics.contains("slotplan_http_request_duration_seconds_count{status=\"200\",route=\"/v1/campaigns/{id}/offers\"} 10")
                || metrics.contains("route=\"/v1/campaigns/:id/offers\""), "\(metrics)")

        for (variable, value) in [("FAKE_HTTP_FAIL", "POST:500"), ("FAKE_HTTP_HANG", "POST")] {
            let google = try FakeServer(script: "fake_google_calendar.py", environment: [variable: value], lifetimeSeconds: 20)
            defer { google.stop() }
            let broken = try ServerProcess(extraArguments: ["--calendar", "google:primary"],
                                           environment: ["SLOTPLAN_GOOGLE_API": google.baseURL.absoluteString, "SLOTPLAN_GOOGLE_ACCESS_TOKEN": "t"])
            defer { broken.stop() }
            let answer = try await broken.send("POST", "/v1/campaigns/q4-renewals/offers", json: "{}")
            #expect(answer.status == 503 && answer.object["code"] as? String == "calendar_unavailable", "\(variable): \(answer.object)")
            let result = variable == "FAKE_HTTP_HANG" ? "timeout" : "error"
            #expect(try await broken.text("/metrics").contains("slotplan_busy_fetches_total{result=\"\(result)\"} 1\n"))
        }
    }

    @Test func aHeldOfferIsTheCallersUntilBookedReleasedOrMoved() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        func offers(_ json: String) async throws -> [[String: Any]] {
            try await server.send("POST", "/v1/campaigns/q4-renewals/offers", json: json).object["offers"] as? [[String: Any]] ?? []
        }
        let a = try await offers(#"{"call_id": "call-a", "hold": true}"#)
        let held = try #require(a.first)
        #expect(held["held_until"] as? String == "2026-11-30T14:02:00Z", "q4-renewals holds for 2m by the server's clock")
        let heldStart = try #require(held["start"] as? String)
        // Another call is not offered the held time, and cannot book it.
        #expect(try await offers(#"{"call_id": "call-b"}"#).allSatisfy { $0["start"] as? String != heldStart })
        let stolen = try await server.send("POST", "/v1/bookings", json: #"{"campaign": "q4-renewals", "start": "\#(heldStart)", "call_id": "call-b", "recipient": {"email": "b@example.com"}}"#,
                                           headers: ["Idempotency-Key": "b"])
        #expect(stolen.status == 409 && stolen.object["code"] as? String == "slot_taken")
        // The holding call still sees its slot, and books it.
        #expect(try await offers(#"{"call_id": "call-a"}"#).first?["start"] as? String == heldStart)
        let booked = try await server.send("POST", "/v1/bookings", json: #"{"campaign": "q4-renewals", "offer_id": "\#(held["id"] as? String ?? "")", "call_id": "call-a", "recipient": \#(Self.ana)}"#,
                                           headers: ["Idempotency-Key": "a"])
        #expect(booked.status == 201, "\(booked.object)")
        #expect(try await server.send("DELETE", "/v1/holds/call-a").object["released"] as? Bool == false, "the booking took the hold's place")
        // A new hold of the same call moves it: the first held time is offered to others again.
        let first = try #require(try await offers(#"{"call_id": "call-c", "hold": true}"#).first?["start"] as? String)
        let later = try await offers(#"{"call_id": "call-c", "hold": true, "after": "2026-12-03T00:00:00Z"}"#)
        #expect(later.first?["held_until"] != nil && later.first?["start"] as? String != first)
        #expect(try await offers(#"{"call_id": "call-d"}"#).contains { $0["start"] as? String == first })
        let released = try await server.send("DELETE", "/v1/holds/call-c")
        #expect(released.status == 200 && released.object["released"] as? Bool == true)
        #expect(try await server.send("DELETE", "/v1/holds/call-c").object["released"] as? Bool == false)
    }
}
