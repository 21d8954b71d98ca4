import Availability
import Foundation
import PlanModel
import Runtime
import Testing
import TestSupport

/// The days of the preview's week view: what each shows, and the reason of a day that offers nothing.
@Suite struct PreviewDaysTests {
    static func preview(now: String, busy: BusyTime = BusyTime(), bookings: [ExistingBooking] = []) throws -> Preview {
        let plan = try PlanSource.workspace(DemoWorkspace.campaigns.path).load().plan("q4-renewals")
        let recipient = RecipientTimeZone.resolve(phone: nil, explicit: nil, ownerZone: "America/New_York")
        return Preview.build(engine: SlotEngine(plan: plan), now: try #require(Timestamp.parse(now)), freeBusy: busy, bookings: bookings, recipient: recipient)
    }

    @Test func aDayWithAsManyMeetingsAsTheDailyLimitSaysSo() throws {
        // Six own meetings (the limit) on Tuesday 1 December, 09:00–09:30 … 14:00–14:30 Eastern.
        let first = try #require(Timestamp.parse("2026-12-01T14:00:00Z"))
        let bookings = (0..<6).map { ExistingBooking(start: first + UnixTime($0) * 3600, end: first + UnixTime($0) * 3600 + 1800) }
        let preview = try Self.preview(now: "2026-11-30T14:00:00Z", bookings: bookings)
        let tuesday = try #require(preview.days.first { "\($0.date)" == "2026-12-01" })
        #expect(tuesday.slots.isEmpty && tuesday.closure == .dailyLimitReached(6))
        #expect(tuesday.busy.filter { $0.kind == "booking" }.count == 6 && tuesday.buffers.count == 12, "each meeting with its two buffers")
        #expect(tuesday.busy.first?.startMinute == 9 * 60 && tuesday.buffers.first?.startMinute == 8 * 60 + 50, "10 minutes before")
        let wednesday = try #require(preview.days.first { "\($0.date)" == "2026-12-02" })
        #expect(!wednesday.slots.isEmpty && wednesday.closure == nil)
    }

    @Test func busyTimeIsClippedToEachDayItCovers() throws {
        let start = try #require(Timestamp.parse("2026-12-01T20:00:00Z")), end = try #require(Timestamp.parse("2026-12-03T15:00:00Z"))
        let busy = BusyTime(intervals: [BusyInterval(start: start, end: end, status: .outOfOffice, summary: "Offsite")])
        let preview = try Self.preview(now: "2026-11-30T14:00:00Z", busy: busy)
        let spans = preview.days.filter { !$0.busy.isEmpty }.map { "\($0.date) \($0.busy[0].startMinute)-\($0.busy[0].endMinute) \($0.busy[0].title ?? "")" }
        #expect(spans == ["2026-12-01 900-1440 Offsite", "2026-12-02 0-1440 Offsite", "2026-12-03 0-600 Offsite"])
        #expect(preview.days.first { "\($0.date)" == "2026-12-02" }?.closure == .fullyBusy)
        #expect(preview.days.count == 21 && preview.days.first.map { "\($0.date)" } == "2026-11-30", "whole weeks, Monday first")
    }

    @Test func withinTheMinimumNoticeAndTheLastDaysShown() throws {
        // 16:30 Eastern on a Monday: the 2-hour notice leaves nothing today.
        let preview = try Self.preview(now: "2026-11-30T21:30:00Z")
        #expect(preview.days.first?.closure == .withinMinimumNotice)
        let limited = try PlanSource.workspace(DemoWorkspace.campaigns.path).load().plan("q4-renewals")
        let recipient = RecipientTimeZone.resolve(phone: nil, explicit: nil, ownerZone: "America/New_York")
        let short = Preview.build(engine: SlotEngine(plan: limited), now: try #require(Timestamp.parse("2026-12-02T14:00:00Z")), freeBusy: BusyTime(),
                                  recipient: recipient, days: 2)
        #expect(short.days.map { $0.closure?.code ?? "open" } == ["past", "past", "open", "open", "not_shown", "not_shown", "not_shown"], "a day after --days is not evaluated, whatever its hours")
    }
}
