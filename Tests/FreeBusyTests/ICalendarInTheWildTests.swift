import Foundation
import PlanModel
import Testing

@testable import FreeBusy

/// Shapes of real exports (Apple, Google, Exchange, Lotus Notes) that used to be misread or to
/// reject the whole calendar.
@Suite struct ICalendarInTheWildTests {
    static func read(_ body: String, header: String = "", from: String = "2026-10-01T00:00:00Z") throws -> BusyTime {
        let reader = BusyReader(floatingZone: "America/New_York", from: utcSeconds(from), to: utcSeconds("2027-01-31T00:00:00Z"))
        let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n\(header)" + body.replacingOccurrences(of: "\n", with: "\r\n") + "END:VCALENDAR\r\n"
        return try reader.read(bytes: Array(text.utf8), name: "wild.ics")
    }

    @Test func xWRTimeZoneWithAValueParameterAndAnOldName() throws {
        let body = "BEGIN:VEVENT\nUID:f\nDTSTART:20261201T100000\nDTEND:20261201T110000\nEND:VEVENT\n"
        let busy = try Self.read(body, header: "X-WR-TIMEZONE;VALUE=TEXT:US/Pacific\r\n")
        #expect(ICSReaderTests.spans(busy.intervals) == ["2026-12-01T18:00:00Z/2026-12-01T19:00:00Z"], "10:00 Pacific, not Eastern")
    }

    @Test func aUTCRecurringEventKeepsTheWallClockTimeOfTheCalendarsZone() throws {
        // Weekly at 14:00Z from October (10:00 EDT): Google shows it at 10:00 all year, so after
        // the DST change on November 1 it is 15:00Z.
        let body = "BEGIN:VEVENT\nUID:w\nDTSTART:20261020T140000Z\nDTEND:20261020T150000Z\nRRULE:FREQ=WEEKLY;COUNT=4\nEND:VEVENT\n"
        let google = try Self.read(body, header: "X-WR-TIMEZONE:America/New_York\r\n")
        #expect(ICSReaderTests.spans(google.intervals) == [
            "2026-10-20T14:00:00Z/2026-10-20T15:00:00Z", "2026-10-27T14:00:00Z/2026-10-27T15:00:00Z",
            "2026-11-03T15:00:00Z/2026-11-03T16:00:00Z", "2026-11-10T15:00:00Z/2026-11-10T16:00:00Z",
        ])
        // Without X-WR-TIMEZONE, RFC 5545 holds: a UTC DTSTART recurs at the same UTC time.
        let plain = try Self.read(body)
        #expect(plain.intervals.map { Timestamp.utc($0.start).suffix(9) }.allSatisfy { $0 == "14:00:00Z" })
    }

    @Test func anUnreadableDTSTARTCostsThatEventOnly() throws {
        let body = """
            BEGIN:VEVENT\nUID:ok\nDTSTART:20261201T150000Z\nDTEND:20261201T160000Z\nEND:VEVENT
            BEGIN:VEVENT\nUID:next-year\nSUMMARY:Someday\nDTSTART:Next Year\nEND:VEVENT
            BEGIN:VEVENT\nUID:no-start\nSUMMARY:Nothing\nDTEND:20261201T160000Z\nEND:VEVENT

            """
        let busy = try Self.read(body)
        #expect(ICSReaderTests.spans(busy.intervals) == ["2026-12-01T15:00:00Z/2026-12-01T16:00:00Z"])
        #expect(busy.failures.isEmpty, "the calendar is known; two events were not")
        #expect(busy.warnings == [
            "wild.ics: skipped the event UID next-year \"Someday\": its DTSTART `Next Year` is not a date or date-time",
            "wild.ics: skipped the event UID no-start \"Nothing\": it has no DTSTART",
        ])
        #expect(!busy.warnings.joined().contains("Removing entire property"), "slotplan's words, not libical's")
    }

    @Test func aBadRDATEIsIgnoredAndTheEventStaysBusy() throws {
        let body = "BEGIN:VEVENT\nUID:bday\nSUMMARY:Birthday\nDTSTART:20261201T150000Z\nDTEND:20261201T160000Z\nRDATE:garbage\nEND:VEVENT\n"
        let busy = try Self.read(body)
        #expect(ICSReaderTests.spans(busy.intervals) == ["2026-12-01T15:00:00Z/2026-12-01T16:00:00Z"])
        #expect(busy.warnings.count == 1 && busy.warnings[0].contains("ignored its RDATE `garbage`"))
    }

    @Test func anEmptyTZIDIsReadAsFloating() throws {
        let body = "BEGIN:VEVENT\nUID:e\nDTSTART;TZID=:20261203T150000\nDTEND;TZID=:20261203T160000\nEND:VEVENT\n"
        let busy = try Self.read(body)
        #expect(ICSReaderTests.spans(busy.intervals) == ["2026-12-03T20:00:00Z/2026-12-03T21:00:00Z"], "15:00 in the owner's zone")
    }
}
