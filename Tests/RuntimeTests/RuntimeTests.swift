import Booking
import Foundation
import PlanModel
import Runtime
import Testing
import TestSupport

/// The runtime's operations on the demo workspace with in-memory ledgers and a vdir calendar.
@Suite struct RuntimeTests {
    static let now: UnixTime = 1_796_047_200  // 2026-11-30T14:00:00Z
    static let slot: UnixTime = 1_796_138_100  // 2026-12-01T15:15:00Z: offered

    static func runtime(ledger: any BookingLedger = InMemoryLedger()) throws -> (Runtime, URL) {
        let folder = try CommandRunner.temporaryFolder()
        try FileManager.default.copyItem(at: DemoWorkspace.mariaCalendar, to: folder.appendingPathComponent("maria.ics"))
        let plans = try PlanSource.workspace(DemoWorkspace.campaigns.path).load()
        return (Runtime(plans: plans, ledger: ledger, calendar: try CalendarLocation("vdir:\(folder.path)"), environment: [:]), folder)
    }

    @Test func bookRetryRescheduleAndCancelThroughTheRuntime() async throws {
        let (runtime, folder) = try Self.runtime()
        defer { try? FileManager.default.removeItem(at: folder) }
        let ana = Recipient(email: "ana@example.com", firstName: "Ana", phone: "+13125550100")
        let booked = await runtime.book(BookRequest(campaign: "q4-renewals", start: Self.slot, recipient: ana), now: Self.now)
        #expect(booked.status == .booked && booked.replayed == false && booked.say == "Booked. You'll get a calendar invite by email shortly.")
        let id = try #require(booked.booking?.id)
        // The same confirmation again (any front end derives the same key): the same booking.
        let again = await runtime.book(BookRequest(campaign: "q4-renewals", start: Self.slot, recipient: ana), now: Self.now)
        #expect(again.status == .booked && again.replayed == true && again.booking?.id == id)
        // Someone else: taken, with alternatives phrased for them (Chicago by the area code).
        let bob = await runtime.book(BookRequest(campaign: "q4-renewals", start: Self.slot,
                                                 recipient: Recipient(email: "bob@example.com", phone: "+13125550199")), now: Self.now)
        #expect(bob.status == .slotTaken && bob.booking == nil)
        let first = try #require(bob.alternatives?.first)
        #expect(first.say == "I have tomorrow at 11 AM Eastern available — that's 10 AM your time. Does that work?")
        // Moved without repeating the recipient; the invite keeps Ana's name.
        let moved = await runtime.reschedule(RescheduleRequest(bookingID: id, start: Self.slot + 3 * 3600), now: Self.now)
        #expect(moved.status == .booked && moved.booking?.lineage == id)
        #expect(moved.say?.contains("moved your meeting to tomorrow at 1:15 PM Eastern") == true)
        let invite = try String(contentsOf: folder.appendingPathComponent("\(id).ics"), encoding: .utf8)
        #expect(invite.contains("Renewal chat: Ana × Acme"))
        // Cancel, twice: the same answer.
        let movedID = try #require(moved.booking?.id)
        let cancelled = await runtime.cancel(bookingID: movedID)
        #expect(cancelled.status == .cancelled && cancelled.replayed == false)
        #expect(await runtime.cancel(bookingID: movedID).replayed == true)
        #expect(await runtime.cancel(bookingID: "bk_none").status == .notFound)
    }

    @Test func refusalsCarryStableCodes() async throws {
        let (runtime, folder) = try Self.runtime()
        defer { try? FileManager.default.removeItem(at: folder) }
        let ana = Recipient(email: "ana@example.com")
        let standup = await runtime.book(BookRequest(campaign: "q4-renewals", start: Self.slot - 3600, recipient: ana), now: Self.now)
        #expect(standup.status == .notOffered && standup.reasons?.map(\.code) == [.busy])
        let off = await runtime.book(BookRequest(campaign: "newsletter-nurture", start: Self.slot, recipient: ana), now: Self.now)
        #expect(off.status == .bookingSkipped && off.reason?.code == .bookingDisabled)
        let unknown = await runtime.book(BookRequest(campaign: "q4-renewal", start: Self.slot, recipient: ana), now: Self.now)
        #expect(unknown.status == .notFound && unknown.reason?.code == .campaignNotFound)
        #expect(unknown.reason?.message.contains("did you mean `q4-renewals`?") == true)
        let bad = await runtime.book(BookRequest(campaign: "q4-renewals", start: Self.slot, recipient: Recipient(email: "x")), now: Self.now)
        #expect(bad.status == .invalidRequest && bad.reason?.code == .invalidField && bad.reason?.message.hasPrefix("email: ") == true)
        let lost = InMemoryLedger()
        await lost.setFailLookups(true)
        let (broken, other) = try Self.runtime(ledger: lost)
        defer { try? FileManager.default.removeItem(at: other) }
        #expect(await broken.cancel(bookingID: "bk_1").status == .failed, "a lost database is a failure, not no such booking")
        #expect(await broken.reschedule(RescheduleRequest(bookingID: "bk_1", start: Self.slot), now: Self.now).status == .failed)
    }

    @Test func aPlanFolderReloadsAndABrokenPlanIsRefused() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let compiled = try CommandRunner.run(["compile", "campaigns", "--out", folder.path])
        #expect(compiled.status == 0, "\(compiled.stderr)")
        let source = PlanSource.planFolder(folder.path)
        let first = try source.load()
        #expect(first.plans.map(\.campaign.id).contains("q4-renewals"))
        // A hand-edited plan fails its content hash: the whole set is refused, with the file named.
        let path = folder.appendingPathComponent("q4-renewals.plan.json")
        let text = try String(contentsOf: path, encoding: .utf8).replacingOccurrences(of: "Q4 renewals", with: "Q5 renewals")
        try text.write(to: path, atomically: true, encoding: .utf8)
        do { _ = try source.load(); Issue.record("a tampered plan was loaded") } catch {
            #expect(error.message.contains("q4-renewals.plan.json"))
        }
        #expect(throws: RuntimeError.self) { try PlanSource.planFolder(folder.appendingPathComponent("missing").path).load() }
    }
}
