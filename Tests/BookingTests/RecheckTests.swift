import Availability
import Booking
import BookingSQLite
import Calendars
import Foundation
import PlanModel
import PolicyLanguage
import Testing

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
}
