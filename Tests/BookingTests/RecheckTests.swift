import Availability
import BookingSQLite
import Calendars
import Foundation
import FreeBusy
import PlanModel
import PolicyLanguage
import TestSupport
import Testing

@testable import Booking

/// A booking re-checks one start with the ledger read only around it: for every start, the verdict
/// is the whole evaluation's, whatever the ledger holds (own meetings towards the daily limit and
/// their stacked buffers, another campaign's booking, a hold).
@Suite struct RecheckTests {
    static let now: UnixTime = 1_796_043_900  // 2026-11-30T13:05:00Z

    /// Two campaigns on one calendar; `daily_limit` on the first only when `limited`.
    static func plans(limited: Bool) throws -> (Plan, Plan) {
        let team = """
            kind: Team
            version: 1
            members:
              ana: { name: Ana Silva, email: ana@acme.example, calendars: { google: { account: ana@acme.example, timezone: America/Chicago, connected_at: 2026-10-01T00:00:00Z } } }
            """
        func campaign(_ id: String, limit: Bool) -> String {
            """
            kind: Campaign
            version: 1
            id: \(id)
            owner: ana
            booking:
              enabled: true
              availability: { timezone: America/Chicago, weekly: { mon-fri: [08:00-12:00, 13:00-18:30], sat: 22:00-02:00 } }
              meeting: { length: 40m }
              buffers: { before: 20m, after: 25m }
              minimum_notice: 1h
              look_ahead: 6d
              slot_step: 10m
            \(limit ? "  daily_limit: 4\n" : "")
            """
        }
        let result = PolicyCompiler().compile(files: [("team.yaml", Array(team.utf8)), ("a.yaml", Array(campaign("a", limit: limited).utf8)),
                                                      ("b.yaml", Array(campaign("b", limit: false).utf8))])
        let a = try #require(result.plans.first { $0.campaign.id == "a" }), b = try #require(result.plans.first { $0.campaign.id == "b" })
        return (a, b)
    }

    @Test(arguments: [true, false])
    func everyStartHasTheWholeEvaluationsVerdict(limited: Bool) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recheck-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let ledger = try SQLiteLedger(path: folder.appendingPathComponent("ledger.db").path)
        let (a, b) = try Self.plans(limited: limited)
        let calendar = VdirCalendar(folder: folder.appendingPathComponent("calendar").path)
        let service = BookingService(plan: a, ledger: ledger, calendar: calendar), other = BookingService(plan: b, ledger: ledger, calendar: calendar)
        let key = try #require(service.calendarKey)
        // Own meetings (four on Tuesday: the limit of 4 closes the day), one of the other campaign, a hold.
        let slots = try await service.offered(now: Self.now, calendar: CalendarBlocks(BusyTime(), tentative: .busy), excludingLineage: nil).slots
        let tuesday = slots.filter { Timestamp.utc($0.start).hasPrefix("2026-12-01") }
        for (i, slot) in [tuesday[0], tuesday[9], tuesday[20], tuesday[40], slots[60]].enumerated() {
            _ = try await ledger.claim(service.claimRequest(key: key, start: slot.start, recipient: Recipient(email: "x\(i)@example.com"),
                                                            idempotencyKey: "own-\(i)", now: Self.now))
        }
        _ = try await ledger.claim(other.claimRequest(key: key, start: tuesday[30].start, recipient: Recipient(email: "o@example.com"),
                                                      idempotencyKey: "other", now: Self.now))
        _ = try await ledger.hold(service.claimRequest(key: key, start: slots[90].start, recipient: Recipient(email: ""), idempotencyKey: "hold:c1",
                                                       now: Self.now), until: Self.now + 600)
        let (engine, busy, own) = try await service.evaluate(now: Self.now, excludingLineage: nil, calendarBusy: BusyTime())
        let whole = Set(engine.evaluate(now: Self.now, freeBusy: busy, bookings: own).slots.map(\.start))
        #expect(limited == !whole.contains { Timestamp.utc($0).hasPrefix("2026-12-01") }, "the daily limit closes Tuesday")
        #expect(whole.count < slots.count - 10, "the ledger's entries take slots away (\(whole.count) of \(slots.count))")
        let blocks = CalendarBlocks(BusyTime(), tentative: a.booking.tentative)
        var offeredStarts = 0
        for start in stride(from: Self.now / 3_600 * 3_600, to: Self.now + 7 * 86_400, by: 600) {
            let narrowed = try await service.offered(now: Self.now, calendar: blocks, excludingLineage: nil, within: start..<(start + 1)).slots
            #expect(narrowed.map(\.start) == (whole.contains(start) ? [start] : []), "\(Timestamp.utc(start))")
            if whole.contains(start) { offeredStarts += 1 }
        }
        #expect(offeredStarts == whole.count, "every offered start was on the grid checked")
    }

    /// The re-check reads the calendar only around its start (from the watched folder's list in
    /// `serve`, from the folder itself without one): for every start its verdict is the whole
    /// evaluation's, with events that end or begin exactly at a buffered block's edge and events
    /// days long that began long before it.
    @Test(arguments: [true, false])
    func theCalendarReadAroundOneStartGivesTheWholeVerdict(watched: Bool) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recheck-calendar-\(UUID().uuidString)")
        let events = folder.appendingPathComponent("calendar")
        try FileManager.default.createDirectory(at: events, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (a, _) = try Self.plans(limited: false)
        var random = SplitMix(seed: 7)
        let base = Self.now / 3_600 * 3_600
        let tuesday: UnixTime = 1_796_140_800  // 2026-12-01T16:00:00Z, 10:00 in Chicago
        var spans: [(UnixTime, UnixTime)] = [(base + 2 * 86_400 - 7 * 3_600, base + 4 * 86_400)]  // 2 days and 7 hours, from Wednesday
        while spans.count < 41 {
            let start = base + UnixTime(random.next() % 1_000) * 600
            let end = start + UnixTime(random.next() % 3 == 0 ? random.next() % 30 + 1 : random.next() % 6 + 1) * 600
            if start < tuesday + 3 * 3_600 && end > tuesday - 2 * 3_600 { continue }  // Tuesday's late morning is for the edges
            spans.append((start, end))
        }
        // Ending where a 10:00 start's block begins (20 minutes before), beginning where an 11:00 start's ends (65 minutes after).
        spans += [(tuesday - 3_600, tuesday - 1_200), (tuesday + 3_600 + 3_900, tuesday + 3_600 + 7_200)]
        for (i, span) in spans.enumerated() {
            try EventFile.text(span.0, span.1).write(to: events.appendingPathComponent("e\(i).ics"), atomically: true, encoding: .utf8)
        }
        let calendar = VdirCalendar(folder: events.path, cache: watched ? BusyFolderCache(files: BusyFileCache()) : nil)
        let service = BookingService(plan: a, ledger: try SQLiteLedger(path: folder.appendingPathComponent("ledger.db").path), calendar: calendar)
        let key = try #require(service.calendarKey)
        let (engine, busy, own) = try await service.evaluate(now: Self.now, excludingLineage: nil)
        #expect(busy.failures.isEmpty && busy.intervals.count == spans.count)
        let whole = Set(engine.evaluate(now: Self.now, freeBusy: busy, bookings: own).slots.map(\.start))
        #expect(!whole.contains(tuesday - 1_800) && whole.contains(tuesday) && whole.contains(tuesday + 3_600) && !whole.contains(tuesday + 4_200),
                "the edge events only touch the blocks of 10:00 and 11:00")
        var checked = 0
        for start in stride(from: base, to: Self.now + 7 * 86_400, by: 600) {
            let refusal = try await service.recheck(start: start, key: key, now: Self.now, excludingLineage: nil, checkLedger: true)
            #expect((refusal == nil) == whole.contains(start), "\(Timestamp.utc(start))")
            if refusal == nil { checked += 1 }
        }
        #expect(checked == whole.count && checked > 40, "every offered start was on the grid checked (\(checked))")
    }
}
