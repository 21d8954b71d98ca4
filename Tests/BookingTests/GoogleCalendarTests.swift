import Availability
import Booking
import BookingSQLite
import Foundation
import PlanModel
import Testing

/// The Google Calendar client against a local stand-in of the API (Tests/peers/fake_google_calendar.py
/// on 127.0.0.1, bounded lifetime) that checks and records every request.
@Suite(.serialized) struct GoogleCalendarTests {
    /// Starts the fake API; returns its base URL, its request log and the process (to stop).
    static func startFake(_ name: String = "fake_google_calendar.py") throws -> (URL, URL, Process) {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("peers/\(name)")
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("google-\(UUID().uuidString).jsonl")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, log.path, "60"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var portText = ""
        while !portText.hasSuffix("\n") {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty { break }
            portText += String(decoding: byte, as: UTF8.self)
        }
        let port = try #require(Int(portText.trimmingCharacters(in: .whitespacesAndNewlines)))
        return (try #require(URL(string: "http://127.0.0.1:\(port)")), log, process)
    }

    static func requests(_ log: URL) throws -> [[String: Any]] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    @Test func bookRescheduleAndCancelSpeakGooglesAPI() async throws {
        let (base, log, server) = try Self.startFake()
        defer { server.terminate() }
        let ledgerPath = FileManager.default.temporaryDirectory.appendingPathComponent("g-\(UUID().uuidString).db").path
        let google = GoogleCalendar(baseURL: base, accessToken: "test-token", calendarID: "primary", timeZone: "America/New_York")
        let service = BookingService(plan: try BookingServiceTests.plan(), ledger: try SQLiteLedger(path: ledgerPath), calendar: google)
        let now = BookingServiceTests.now, slot = BookingServiceTests.slot

        guard case .booked(let booked, replayed: false) = await service.book(start: slot, recipient: BookingServiceTests.ana, idempotencyKey: "g1", now: now) else {
            Issue.record("not booked"); return
        }
        #expect(booked.eventReference == ProviderRequests.googleEventID(booked.id))
        var seen = try Self.requests(log)
        #expect(seen.allSatisfy { $0["authorization"] as? String == "Bearer test-token" })
        let freeBusy = try #require(seen.first { ($0["path"] as? String) == "/calendar/v3/freeBusy" })
        #expect(((freeBusy["body"] as? [String: Any])?["items"] as? [[String: String]]) == [["id": "primary"]])
        let insert = try #require(seen.first { $0["method"] as? String == "POST" && ($0["path"] as? String ?? "").hasSuffix("conferenceDataVersion=1&sendUpdates=all") })
        #expect(insert["content_type"] as? String == "application/json")
        let body = try #require(insert["body"] as? [String: Any])
        #expect(((body["conferenceData"] as? [String: Any])?["createRequest"] as? [String: Any])?["conferenceSolutionKey"] as? [String: String] == ["type": "hangoutsMeet"])

        // A retry returns the same booking without a second insert.
        #expect(await service.book(start: slot, recipient: BookingServiceTests.ana, idempotencyKey: "g1", now: now) == .booked(booked, replayed: true))
        // Another caller for the booked time is told it is taken.
        guard case .taken = await service.book(start: slot, recipient: BookingServiceTests.ana, idempotencyKey: "g2", now: now) else {
            Issue.record("the event did not block the slot"); return
        }
        // Moving by fifteen minutes: its own event does not block it; one PATCH, no new insert.
        guard case .booked(let moved, _) = await service.reschedule(id: booked.id, to: slot + 900, recipient: nil, idempotencyKey: "g-move", now: now) else {
            Issue.record("not moved"); return
        }
        seen = try Self.requests(log)
        #expect(seen.filter { $0["method"] as? String == "POST" && ($0["path"] as? String ?? "").contains("/events?") }.count == 1)
        let patch = try #require(seen.last { $0["method"] as? String == "PATCH" })
        #expect(((patch["body"] as? [String: Any])?["start"] as? [String: String])?["dateTime"] == "2026-12-01T15:30:00Z")
        // Cancel deletes the event.
        guard case .success = await service.cancel(id: moved.id) else { Issue.record("cancel failed"); return }
        #expect(try Self.requests(log).last?["method"] as? String == "DELETE")
    }

    @Test func aCalendarGoogleCannotFindIsUnknownNotFree() async throws {
        let (base, _, server) = try Self.startFake()
        defer { server.terminate() }
        let google = GoogleCalendar(baseURL: base, accessToken: "t", calendarID: "missing@example.com", timeZone: "America/New_York")
        let busy = try await google.freeBusy(from: BookingServiceTests.now, to: BookingServiceTests.now + 86_400, floatingZone: "UTC", excludingBooking: nil)
        #expect(busy.failures == ["Google calendar missing@example.com: notFound"])
        let unauthorized = GoogleCalendar(baseURL: base, accessToken: "", calendarID: "primary", timeZone: "UTC")
        let denied = try await unauthorized.freeBusy(from: 0, to: 86_400, floatingZone: "UTC", excludingBooking: nil)
        #expect(denied.failures.first?.contains("no Google access token") == true)
        let wrong = GoogleCalendar(baseURL: base.appendingPathComponent("nowhere"), accessToken: "t", calendarID: "primary", timeZone: "UTC")
        let missing = try await wrong.freeBusy(from: 0, to: 86_400, floatingZone: "UTC", excludingBooking: nil)
        #expect(missing.failures.first?.contains("HTTP 404") == true, "\(missing.failures)")
    }
}

/// The Outlook client against a local stand-in of Microsoft Graph (Tests/peers/fake_graph_calendar.py).
@Suite(.serialized) struct OutlookCalendarTests {
    @Test func bookRescheduleAndCancelSpeakGraph() async throws {
        let (base, log, server) = try GoogleCalendarTests.startFake("fake_graph_calendar.py")
        defer { server.terminate() }
        let plan = try BookingServiceTests.plan("enterprise-demo")  // Dave's Microsoft 365 calendar: Teams
        let ledgerPath = FileManager.default.temporaryDirectory.appendingPathComponent("o-\(UUID().uuidString).db").path
        let outlook = OutlookCalendar(baseURL: base, accessToken: "test-token", account: "dave@acme.example", calendarID: "Calendar", accountType: .work)
        let service = BookingService(plan: plan, ledger: try SQLiteLedger(path: ledgerPath), calendar: outlook)
        let now = BookingServiceTests.now
        let preview = SlotEngine(plan: plan).evaluate(now: now, freeBusy: BusyTime()).slots
        let slot = try #require(preview.first { $0.start > now + 2 * 86_400 }).start

        guard case .booked(let booked, replayed: false) = await service.book(start: slot, recipient: BookingServiceTests.ana, idempotencyKey: "o1", now: now) else {
            Issue.record("not booked"); return
        }
        var seen = try GoogleCalendarTests.requests(log)
        #expect(seen.allSatisfy { $0["authorization"] as? String == "Bearer test-token" })
        let schedule = try #require(seen.first { ($0["path"] as? String) == "/v1.0/me/calendar/getSchedule" })
        #expect(((schedule["body"] as? [String: Any])?["schedules"] as? [String]) == ["dave@acme.example"])
        let create = try #require(seen.first { $0["method"] as? String == "POST" && ($0["path"] as? String) == "/v1.0/me/events" })
        let body = try #require(create["body"] as? [String: Any])
        #expect(body["isOnlineMeeting"] as? Bool == true && body["onlineMeetingProvider"] as? String == "teamsForBusiness")
        #expect(body["transactionId"] as? String == booked.id)
        #expect(booked.eventReference == "AAMkAD0000=")

        // The event now shows in getSchedule: the slot is no longer offered to others.
        guard case .taken = await service.book(start: slot, recipient: BookingServiceTests.ana, idempotencyKey: "o2", now: now) else {
            Issue.record("the event did not block the slot"); return
        }
        // Move by fifteen minutes: its own event does not block it; one PATCH, no second create.
        guard case .booked(let moved, _) = await service.reschedule(id: booked.id, to: slot + 900, recipient: nil, idempotencyKey: "o-move", now: now) else {
            Issue.record("not moved"); return
        }
        seen = try GoogleCalendarTests.requests(log)
        #expect(seen.filter { $0["method"] as? String == "POST" && ($0["path"] as? String) == "/v1.0/me/events" }.count == 1)
        #expect(seen.contains { $0["method"] as? String == "PATCH" && ($0["path"] as? String) == "/v1.0/me/events/AAMkAD0000=" })
        // A crashed claim is found again by its extended properties.
        #expect(try await outlook.find(entry: moved) == "AAMkAD0000=")
        guard case .success = await service.cancel(id: moved.id) else { Issue.record("cancel failed"); return }
        #expect(try GoogleCalendarTests.requests(log).last?["method"] as? String == "DELETE")
    }

    @Test func aMailboxGraphCannotFindIsUnknownNotFree() async throws {
        let (base, _, server) = try GoogleCalendarTests.startFake("fake_graph_calendar.py")
        defer { server.terminate() }
        let outlook = OutlookCalendar(baseURL: base, accessToken: "t", account: "missing@example.com", calendarID: "Calendar", accountType: .work)
        let busy = try await outlook.freeBusy(from: 0, to: 86_400, floatingZone: "UTC", excludingBooking: nil)
        #expect(busy.failures == ["Outlook schedule missing@example.com: The specified mailbox could not be found."])
    }
}
