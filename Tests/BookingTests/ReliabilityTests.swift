import Availability
import Booking
import Calendars
import Foundation
import PlanModel
import PolicyLanguage
import Testing
import TestSupport

/// The defects found on a clean clone, each pinned by a test that failed before its fix.
@Suite struct ReliabilityTests {
    static let now = BookingServiceTests.now, slot = BookingServiceTests.slot

    /// A campaign whose invite title needs the first name, with no fallback.
    static func strictPlan() throws -> Plan {
        let team = """
            kind: Team
            version: 1
            members:
              kim: { name: Kim Park, email: kim@acme.example, calendars: { google: { account: kim@acme.example, timezone: UTC, connected_at: 2026-10-01T00:00:00Z } } }
            """
        let campaign = """
            kind: Campaign
            version: 1
            id: strict
            owner: kim
            booking:
              enabled: true
              availability: { weekly: { daily: 09:00-17:00 } }
              slot_step: 15m
              invite: { title: "Call with <recipient.firstName>", description: "Hi <recipient.firstName> <recipient.lastName>" }
            """
        let result = PolicyCompiler().compile(files: [("team.yaml", Array(team.utf8)), ("strict.yaml", Array(campaign.utf8))])
        return try #require(result.plans.first)
    }

    @Test func aMoveKeepsTheRecipientItsInviteNeeds() async throws {
        let ledger = InMemoryLedger(), calendar = InMemoryCalendar()
        let service = BookingService(plan: try Self.strictPlan(), ledger: ledger, calendar: calendar)
        let ana = Recipient(email: "ana@example.com", firstName: "Ana", lastName: "Silva")
        let first = await service.book(start: Self.slot, recipient: ana, idempotencyKey: "b", now: Self.now)
        guard case .booked(let booked, _) = first else { Issue.record("not booked: \(first)"); return }
        guard case .booked(let moved, _) = await service.reschedule(id: booked.id, to: Self.slot + 3600, idempotencyKey: "m", now: Self.now) else {
            Issue.record("a campaign whose title needs the first name could not be moved"); return
        }
        let event = try #require(await calendar.events[booked.eventReference ?? ""])
        #expect(event.title == "Call with Ana" && event.description == "Hi Ana Silva" && event.attendeeName == "Ana Silva")
        #expect(moved.recipient == ana)
        // A name corrected on the call replaces only that part.
        let second = await service.reschedule(id: moved.id, to: Self.slot - 3600, amendment: RecipientAmendment(firstName: "Anna"),
                                              idempotencyKey: "m2", now: Self.now)
        guard case .booked = second else { Issue.record("second move failed: \(second)"); return }
        #expect(await calendar.events[booked.eventReference ?? ""]?.title == "Call with Anna")
    }

    @Test(arguments: [InMemoryCalendar.Failure.find])
    func reconciliationNeverReleasesAClaimWhenTheLookupFails(_ failure: InMemoryCalendar.Failure) async throws {
        let ledger = InMemoryLedger(), calendar = InMemoryCalendar()
        let plan = try Self.strictPlan()
        let service = BookingService(plan: plan, ledger: ledger, calendar: calendar)
        let key = try #require(service.calendarKey)
        let ana = Recipient(email: "ana@example.com", firstName: "Ana", lastName: "Silva")
        // A process claimed, wrote the event (the invite went out) and died before confirming.
        guard case .claimed(let claim) = try await ledger.claim(service.claimRequest(key: key, start: Self.slot, recipient: ana,
                                                                                    idempotencyKey: "dead", now: Self.now)) else {
            Issue.record("not claimed"); return
        }
        let draft = try EventDraft.make(plan: plan, recipient: ana, bookingID: claim.id, start: claim.start, end: claim.end)
        await calendar.insert(draft, reference: "\(claim.lineage).ics")
        await calendar.fail([failure])
        #expect(try await service.reconcile(now: Self.now + claimLifetime).isEmpty)
        #expect(try await ledger.entry(id: claim.id) != nil, "an error answer is unknown, not 'no event': the claim stays")
        // Once the provider answers again, the claim is confirmed with its event.
        await calendar.fail([])
        #expect(try await service.reconcile(now: Self.now + claimLifetime + 1).map(\.id) == [claim.id])
        #expect(try await ledger.entry(id: claim.id)?.status == .confirmed)
    }

    @Test func aVdirThatIsNotAFolderOrCannotBeListedIsUnknown() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-folder-\(UUID().uuidString)")
        try Data("x".utf8).write(to: file)
        let asFile = try await VdirCalendar(folder: file.path).freeBusy(from: Self.now, to: Self.now + 86_400, floatingZone: "UTC", excludingBooking: nil)
        #expect(asFile.failures.count == 1 && asFile.failures[0].contains("not a folder"))
        let locked = try CommandRunner.temporaryFolder()
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: locked.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: locked.path) }
        let unreadable = try await VdirCalendar(folder: locked.path).freeBusy(from: Self.now, to: Self.now + 86_400, floatingZone: "UTC",
                                                                              excludingBooking: nil)
        // Root reads any folder; elsewhere the listing fails and must say so.
        if getuid() != 0 { #expect(unreadable.failures.count == 1 && unreadable.failures[0].contains("cannot be listed")) }
        let service = BookingService(plan: try Self.strictPlan(), ledger: InMemoryLedger(), calendar: VdirCalendar(folder: file.path))
        guard case .unavailable(let reason) = await service.book(start: Self.slot, recipient: Recipient(email: "a@example.com", firstName: "A", lastName: "B"),
                                                                 idempotencyKey: "v", now: Self.now) else {
            Issue.record("booked against a calendar that is not a folder"); return
        }
        #expect(reason.code == .calendarUnavailable)
    }

    @Test func aDatabaseFailureInCancelIsAFailureNotNoSuchBooking() async throws {
        let ledger = InMemoryLedger()
        await ledger.setFailLookups(true)
        guard case .failed(let reason) = await BookingCanceller(ledger: ledger, calendar: InMemoryCalendar()).cancel(id: "bk_1") else {
            Issue.record("a lost database was reported as no such booking"); return
        }
        #expect(reason.code == .ledgerFailed)
        let service = BookingService(plan: try Self.strictPlan(), ledger: ledger, calendar: InMemoryCalendar())
        guard case .failed(let moveReason) = await service.reschedule(id: "bk_1", to: Self.slot, idempotencyKey: "r", now: Self.now) else {
            Issue.record("a lost database was reported as no such booking"); return
        }
        #expect(moveReason.code == .ledgerFailed)
    }

    @Test func calendarResourcesCarryNoMethod() throws {
        let draft = try EventDraft.make(plan: try Self.strictPlan(), recipient: Recipient(email: "a@example.com", firstName: "A", lastName: "B"), bookingID: "bk_1",
                                        start: Self.slot, end: Self.slot + 1800)
        let text = ICalendarEvent.calendar(draft, now: Self.now)
        #expect(!text.contains("METHOD:"), "RFC 4791 §4.1: no METHOD in calendar object resources")
        #expect(text.contains("BEGIN:VEVENT") && text.contains("ATTENDEE"))
    }

    @Test func anUndoThatFailsIsReportedNotSwallowed() async throws {
        let ledger = InMemoryLedger(), calendar = InMemoryCalendar()
        await calendar.fail([.create])
        await ledger.setFailReleases(true)
        let service = BookingService(plan: try Self.strictPlan(), ledger: ledger, calendar: calendar)
        let result = await service.book(start: Self.slot, recipient: Recipient(email: "a@example.com", firstName: "A", lastName: "B"),
                                        idempotencyKey: "u", now: Self.now)
        guard case .failed(let reason) = result else { Issue.record("\(result)"); return }
        #expect(reason.code == .calendarRefused)
        #expect(reason.message.contains("HTTP 500 on create") && reason.message.contains("undoing it failed too"))
        #expect(!reason.message.contains("the slot was released"))
    }
}
