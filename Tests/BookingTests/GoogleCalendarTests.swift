import Availability
import Booking
import Calendars
import BookingSQLite
import Foundation
import PlanModel
import Testing
import TestSupport

/// The Google Calendar client against a local stand-in of the API (Tests/peers/fake_google_calendar.py
/// on 127.0.0.1, bounded lifetime) that checks and records every request.
@Suite(.serialized) struct GoogleCalendarTests {
    @Test func bookRescheduleAndCancelSpeakGooglesAPI() async throws {
        let server = try FakeServer(script: "fake_google_calendar.py"); let base = server.baseURL
        defer { server.stop() }
        let ledgerPath = FileManager.default.temporaryDirectory.appendingPathComponent("g-\(UUID().uuidString).db").path
        let google = GoogleCalendar(baseURL: base, accessToken: "test-token", calendarID: "primary", timeZone: "America/New_York")
        let service = BookingService(plan: try BookingServiceTests.plan(), ledger: try SQLiteLedger(path: ledgerPath), calendar: google)
        let now = BookingServiceTests.now, slot = BookingServiceTests.slot

        guard case .booked(let booked, replayed: false) = await service.book(start: slot, recipient: BookingServiceTests.ana, idempotencyKey: "g1", now: now) else {
            Issue.record("not booked"); return
        }
        #expect(booked.eventReference == ProviderRequests.googleEventID(booked.id))
        var seen = try server.requests()
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
        guard case .booked(let moved, _) = await service.reschedule(id: booked.id, to: slot + 900, idempotencyKey: "g-move", now: now) else {
            Issue.record("not moved"); return
        }
        seen = try server.requests()
        #expect(seen.filter { $0["method"] as? String == "POST" && ($0["path"] as? String ?? "").contains("/events?") }.count == 1)
        let patch = try #require(seen.last { $0["method"] as? String == "PATCH" })
        #expect(((patch["body"] as? [String: Any])?["start"] as? [String: String])?["dateTime"] == "2026-12-01T15:30:00Z")
        // Cancel deletes the event.
        let cancelled = await BookingCanceller(ledger: service.ledger, calendar: service.calendar).cancel(id: moved.id)
        guard case .cancelled = cancelled else { Issue.record("cancel failed: \(cancelled)"); return }
        #expect(try server.requests().last?["method"] as? String == "DELETE")
    }

    @Test func aCalendarGoogleCannotFindIsUnknownNotFree() async throws {
        let server = try FakeServer(script: "fake_google_calendar.py"); let base = server.baseURL
        defer { server.stop() }
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
        let server = try FakeServer(script: "fake_graph_calendar.py"); let base = server.baseURL
        defer { server.stop() }
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
        var seen = try server.requests()
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
        guard case .booked(let moved, _) = await service.reschedule(id: booked.id, to: slot + 900, idempotencyKey: "o-move", now: now) else {
            Issue.record("not moved"); return
        }
        seen = try server.requests()
        #expect(seen.filter { $0["method"] as? String == "POST" && ($0["path"] as? String) == "/v1.0/me/events" }.count == 1)
        #expect(seen.contains { $0["method"] as? String == "PATCH" && ($0["path"] as? String) == "/v1.0/me/events/AAMkAD0000=" })
        // A crashed claim is found again by its extended properties.
        #expect(try await outlook.find(entry: moved) == "AAMkAD0000=")
        let cancelled = await BookingCanceller(ledger: service.ledger, calendar: service.calendar).cancel(id: moved.id)
        guard case .cancelled = cancelled else { Issue.record("cancel failed: \(cancelled)"); return }
        #expect(try server.requests().last?["method"] as? String == "DELETE")
    }

    @Test func aMailboxGraphCannotFindIsUnknownNotFree() async throws {
        let server = try FakeServer(script: "fake_graph_calendar.py"); let base = server.baseURL
        defer { server.stop() }
        let outlook = OutlookCalendar(baseURL: base, accessToken: "t", account: "missing@example.com", calendarID: "Calendar", accountType: .work)
        let busy = try await outlook.freeBusy(from: 0, to: 86_400, floatingZone: "UTC", excludingBooking: nil)
        #expect(busy.failures == ["Outlook schedule missing@example.com: The specified mailbox could not be found."])
    }
}

/// A provider lookup that answers an error is unknown, never "no such event" (reconciliation
/// would otherwise release the claim of an invite that went out).
@Suite(.serialized) struct ProviderLookupErrorTests {
    static let entry = LedgerEntry(id: "bk_1", calendar: "c", campaign: "q", start: 0, end: 1800, blockStart: 0, blockEnd: 1800, status: .claimed,
                                   idempotencyKey: "k", recipient: Recipient(email: "a@example.com"), eventReference: nil, createdAt: 0)

    @Test func googleAnswering500IsAnError() async throws {
        let server = try FakeServer(script: "fake_google_calendar.py", environment: ["FAKE_HTTP_FAIL": "GET:500"])
        defer { server.stop() }
        let google = GoogleCalendar(baseURL: server.baseURL, accessToken: "t", calendarID: "primary", timeZone: "UTC")
        await #expect(throws: (any Error).self) { try await google.find(entry: Self.entry) }
        let healthy = try FakeServer(script: "fake_google_calendar.py")
        defer { healthy.stop() }
        let found = try await GoogleCalendar(baseURL: healthy.baseURL, accessToken: "t", calendarID: "primary", timeZone: "UTC").find(entry: Self.entry)
        #expect(found == nil, "404 is the one answer that means no event")
    }

    @Test func graphAnswering500IsAnError() async throws {
        let server = try FakeServer(script: "fake_graph_calendar.py", environment: ["FAKE_HTTP_FAIL": "GET:500"])
        defer { server.stop() }
        let outlook = OutlookCalendar(baseURL: server.baseURL, accessToken: "t", account: "maria@acme.example", calendarID: "Calendar",
                                      accountType: .work)
        await #expect(throws: (any Error).self) { try await outlook.find(entry: Self.entry) }
    }
}
