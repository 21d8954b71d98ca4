import PlanModel
import Foundation
import Testing

@testable import FreeBusy

/// The iCalendar rules slotplan applies, one feature per test (inline calendars).
@Suite struct ICSReaderTests {
    static let reader = BusyReader(floatingZone: "America/New_York", from: utcSeconds("2026-11-01T00:00:00Z"), to: utcSeconds("2027-01-31T00:00:00Z"))

    static func read(_ body: String, header: String = "") throws -> [BusyInterval] {
        let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n\(header)" + body.replacingOccurrences(of: "\n", with: "\r\n") + "END:VCALENDAR\r\n"
        return try reader.read(bytes: Array(text.utf8), name: "t.ics").intervals.sorted { $0.start < $1.start }
    }

    static func spans(_ intervals: [BusyInterval]) -> [String] {
        intervals.map { "\(Timestamp.utc($0.start))/\(Timestamp.utc($0.end))" }
    }

    @Test func opaqueTransparentCancelledTentative() throws {
        let busy = try Self.read("""
            BEGIN:VEVENT\nUID:a\nDTSTART:20261201T140000Z\nDTEND:20261201T150000Z\nEND:VEVENT
            BEGIN:VEVENT\nUID:b\nDTSTART:20261201T160000Z\nDTEND:20261201T170000Z\nTRANSP:TRANSPARENT\nEND:VEVENT
            BEGIN:VEVENT\nUID:c\nDTSTART:20261201T180000Z\nDTEND:20261201T190000Z\nSTATUS:CANCELLED\nEND:VEVENT
            BEGIN:VEVENT\nUID:d\nDTSTART:20261201T200000Z\nDTEND:20261201T210000Z\nSTATUS:TENTATIVE\nSUMMARY:Maybe\nEND:VEVENT

            """)
        #expect(Self.spans(busy) == ["2026-12-01T14:00:00Z/2026-12-01T15:00:00Z", "2026-12-01T20:00:00Z/2026-12-01T21:00:00Z"])
        #expect(busy.map(\.status) == [.busy, .tentative])
        #expect(busy.last?.summary == "Maybe")
    }

    @Test func allDayAndFloatingUseTheOwnerZoneOrXWRTimeZone() throws {
        let body = "BEGIN:VEVENT\nUID:a\nDTSTART;VALUE=DATE:20261211\nDTEND;VALUE=DATE:20261212\nEND:VEVENT\nBEGIN:VEVENT\nUID:b\nDTSTART:20261214T090000\nDURATION:PT45M\nEND:VEVENT\n"
        #expect(Self.spans(try Self.read(body)) == ["2026-12-11T05:00:00Z/2026-12-12T05:00:00Z", "2026-12-14T14:00:00Z/2026-12-14T14:45:00Z"])
        let berlin = try Self.read(body, header: "X-WR-TIMEZONE:Europe/Berlin\r\n")
        #expect(Self.spans(berlin) == ["2026-12-10T23:00:00Z/2026-12-11T23:00:00Z", "2026-12-14T08:00:00Z/2026-12-14T08:45:00Z"])
    }

    @Test func recurrenceWithExdateAndMovedAndThisAndFuture() throws {
        let busy = try Self.read("""
            BEGIN:VEVENT\nUID:s\nDTSTART;TZID=America/New_York:20261130T090000\nDTEND;TZID=America/New_York:20261130T093000\nRRULE:FREQ=DAILY;COUNT=6\nEXDATE;TZID=America/New_York:20261201T090000\nEND:VEVENT
            BEGIN:VEVENT\nUID:s\nRECURRENCE-ID;TZID=America/New_York:20261202T090000\nDTSTART;TZID=America/New_York:20261202T110000\nDTEND;TZID=America/New_York:20261202T113000\nEND:VEVENT
            BEGIN:VEVENT\nUID:s\nRECURRENCE-ID;RANGE=THISANDFUTURE;TZID=America/New_York:20261204T090000\nDTSTART;TZID=America/New_York:20261204T100000\nDTEND;TZID=America/New_York:20261204T110000\nEND:VEVENT

            """)
        #expect(Self.spans(busy) == [
            "2026-11-30T14:00:00Z/2026-11-30T14:30:00Z",  // 09:00 EST
            "2026-12-02T16:00:00Z/2026-12-02T16:30:00Z",  // moved to 11:00
            "2026-12-03T14:00:00Z/2026-12-03T14:30:00Z",
            "2026-12-04T15:00:00Z/2026-12-04T16:00:00Z",  // this and future: one hour later, one hour long
            "2026-12-05T15:00:00Z/2026-12-05T16:00:00Z",
        ])
    }

    @Test func dstAwareRecurrenceKeepsWallClock() throws {
        let busy = try BusyReader(floatingZone: "UTC", from: utcSeconds("2026-03-01T00:00:00Z"), to: utcSeconds("2026-03-20T00:00:00Z"))
            .read(bytes: Array("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:w\r\nDTSTART;TZID=America/New_York:20260306T090000\r\nDURATION:PT1H\r\nRRULE:FREQ=WEEKLY;COUNT=2\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".utf8), name: "t.ics").intervals
        #expect(Self.spans(busy.sorted { $0.start < $1.start }) == ["2026-03-06T14:00:00Z/2026-03-06T15:00:00Z", "2026-03-13T13:00:00Z/2026-03-13T14:00:00Z"])
    }

    @Test func freeBusyBlocksWithTypes() throws {
        let busy = try Self.read("BEGIN:VFREEBUSY\nUID:f\nFREEBUSY:20261201T140000Z/20261201T150000Z,20261201T160000Z/PT30M\nFREEBUSY;FBTYPE=FREE:20261201T170000Z/20261201T180000Z\nFREEBUSY;FBTYPE=BUSY-TENTATIVE:20261201T190000Z/20261201T200000Z\nEND:VFREEBUSY\n")
        #expect(busy.map(\.status) == [.busy, .busy, .free, .tentative])
        #expect(Self.spans(busy)[1] == "2026-12-01T16:00:00Z/2026-12-01T16:30:00Z")
    }

    @Test func frequentRuleIsExpandedOverTheRangeOnly() throws {
        let busy = try Self.read("BEGIN:VEVENT\nUID:r\nDTSTART:20270101T000000Z\nDURATION:PT1M\nRRULE:FREQ=HOURLY\nEND:VEVENT\n")
        #expect(busy.count == 30 * 24 && busy.allSatisfy { $0.start < Self.reader.to })
    }

    @Test func runawayRuleIsAnErrorNotFreeTime() {
        #expect(throws: BusyReadError.self) { try Self.read("BEGIN:VEVENT\nUID:r\nDTSTART:20261101T000000Z\nDURATION:PT1M\nRRULE:FREQ=MINUTELY\nEND:VEVENT\n") }
    }

    @Test func brokenTimesCostTheirEventWithAWarningThatNamesIt() throws {
        let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:broken-1\r\nDTSTART:tomorrow\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        let busy = try Self.reader.read(bytes: Array(text.utf8), name: "t.ics")
        #expect(busy.intervals.isEmpty && busy.failures.isEmpty)
        #expect(busy.warnings == ["t.ics: skipped the event UID broken-1: its DTSTART `tomorrow` is not a date or date-time"])
        // A file that is not iCalendar at all is still an error.
        #expect(throws: BusyReadError.self) { try Self.reader.read(bytes: Array("BEGIN:VCALENDAR\r\nnonsense".utf8), name: "t.ics") }
    }
}
