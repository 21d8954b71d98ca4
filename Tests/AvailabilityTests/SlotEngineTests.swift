import Availability
import PlanModel
import Testing

/// The slot rules of DESIGN.md §5, and the classic failures of scheduling products.
@Suite struct SlotEngineTests {
    static func hours(_ zone: String, _ weekly: String, dates: String = "", extra: String = "") -> String {
        "  availability:\n    timezone: \(zone)\n    weekly:\n\(weekly)" + (dates.isEmpty ? "" : "    dates:\n\(dates)")
            + "  minimum_notice: 0m\n" + extra
    }

    @Test func newYorkSpringForwardGapMovesStartToFirstInstantAfter() throws {
        let plan = try #require(compilePlan(Self.hours("America/New_York", "      sun: [01:30-01:45, 02:30-04:00]\n", extra: "  look_ahead: 1d\n")))
        // 2026-03-08: 02:00 EST becomes 03:00 EDT. 02:30 does not exist: the window starts 03:00 EDT (07:00Z).
        #expect(starts(plan, now: "2026-03-08T00:00:00Z").suffix(2) == ["2026-03-08T07:00Z", "2026-03-08T07:30Z"])
    }

    @Test func newYorkSpringForwardWindowAcrossTheGapIsShorter() throws {
        let plan = try #require(compilePlan(Self.hours("America/New_York", "      sun: 01:30-03:30\n", extra: "  look_ahead: 1d\n")))
        // 01:30 EST = 06:30Z to 03:30 EDT = 07:30Z: one hour of real time, two 30m slots.
        #expect(starts(plan, now: "2026-03-08T00:00:00Z") == ["2026-03-08T06:30Z", "2026-03-08T07:00Z"])
    }

    @Test func newYorkFallBackAmbiguousStartTakesEarlierEndTakesLater() throws {
        let plan = try #require(compilePlan(Self.hours("America/New_York", "      sun: 00:30-01:30\n", extra: "  look_ahead: 1d\n")))
        // 00:30 EDT = 04:30Z; 01:30 is ambiguous, the end takes the later (EST) = 06:30Z: four slots.
        #expect(starts(plan, now: "2026-11-01T00:00:00Z") == [
            "2026-11-01T04:30Z", "2026-11-01T05:00Z", "2026-11-01T05:30Z", "2026-11-01T06:00Z",
        ])
        let early = try #require(compilePlan(Self.hours("America/New_York", "      sun: 01:00-01:30\n", extra: "  look_ahead: 1d\n")))
        // 01:00 ambiguous → earlier (EDT, 05:00Z); 01:30 ambiguous → later (EST, 06:30Z).
        #expect(starts(early, now: "2026-11-01T00:00:00Z") == ["2026-11-01T05:00Z", "2026-11-01T05:30Z", "2026-11-01T06:00Z"])
    }

    @Test func chicagoBusinessHoursKeepWallClockAcrossDST() throws {
        let plan = try #require(compilePlan(Self.hours("America/Chicago", "      mon-fri: 09:00-09:30\n", extra: "  look_ahead: 7d\n")))
        let s = starts(plan, now: "2026-03-05T00:00:00Z")
        #expect(s.prefix(4) == ["2026-03-05T15:00Z", "2026-03-06T15:00Z", "2026-03-09T14:00Z", "2026-03-10T14:00Z"])
        let fall = starts(plan, now: "2026-10-29T00:00:00Z")
        #expect(fall.prefix(3) == ["2026-10-29T14:00Z", "2026-10-30T14:00Z", "2026-11-02T15:00Z"])
    }

    @Test func berlinDSTWeeks() throws {
        let plan = try #require(compilePlan(Self.hours("Europe/Berlin", "      mon-fri: 09:00-09:30\n", extra: "  look_ahead: 7d\n")))
        #expect(starts(plan, now: "2026-03-26T00:00:00Z").prefix(3) == ["2026-03-26T08:00Z", "2026-03-27T08:00Z", "2026-03-30T07:00Z"])
        #expect(starts(plan, now: "2026-10-22T00:00:00Z").prefix(3) == ["2026-10-22T07:00Z", "2026-10-23T07:00Z", "2026-10-26T08:00Z"])
    }

    @Test func sydneyDSTEndAndStart() throws {
        let plan = try #require(compilePlan(Self.hours("Australia/Sydney", "      sun: 02:00-04:00\n", extra: "  look_ahead: 1d\n  meeting: { length: 1h }\n")))
        // 2026-04-05 03:00 AEDT → 02:00 AEST: 02:00 is ambiguous (earlier: +11 = 15:00Z on 04-04); 04:00 AEST = 18:00Z.
        #expect(starts(plan, now: "2026-04-04T12:00:00Z") == ["2026-04-04T15:00Z", "2026-04-04T16:00Z", "2026-04-04T17:00Z"])
        // 2026-10-04 02:00 AEST → 03:00 AEDT: 02:00 is in the gap → 03:00 AEDT = 16:00Z on 10-03; 04:00 AEDT = 17:00Z.
        #expect(starts(plan, now: "2026-10-03T12:00:00Z") == ["2026-10-03T16:00Z"])
    }

    @Test func halfAndQuarterHourOffsets() throws {
        let kolkata = try #require(compilePlan(Self.hours("Asia/Kolkata", "      daily: 09:00-10:00\n", extra: "  look_ahead: 0d\n")))
        #expect(starts(kolkata, now: "2026-12-01T00:00:00Z") == ["2026-12-01T03:30Z", "2026-12-01T04:00Z"])
        let stJohns = try #require(compilePlan(Self.hours("America/St_Johns", "      daily: 09:00-09:30\n", extra: "  look_ahead: 0d\n")))
        #expect(starts(stJohns, now: "2026-12-01T04:00:00Z") == ["2026-12-01T12:30Z"])
        #expect(starts(stJohns, now: "2026-07-01T04:00:00Z") == ["2026-07-01T11:30Z"])
        let kathmandu = try #require(compilePlan(Self.hours("Asia/Kathmandu", "      daily: 09:00-09:30\n", extra: "  look_ahead: 0d\n")))
        #expect(starts(kathmandu, now: "2026-12-01T00:00:00Z") == ["2026-12-01T03:15Z"])
    }

    @Test func overridesNearMidnightFarFromUTC() throws {
        // Kiritimati is UTC+14: at 2026-12-30T12:00Z it is already 31 December there.
        let kiritimati = try #require(compilePlan(Self.hours(
            "Pacific/Kiritimati", "      daily: 09:00-09:30\n", dates: "      2026-12-31: 23:00-23:30\n", extra: "  look_ahead: 0d\n")))
        #expect(starts(kiritimati, now: "2026-12-30T12:00:00Z") == ["2026-12-31T09:00Z"])
        // Pago Pago is UTC-11: the override of 1 January 00:00 is 11:00Z on 1 January.
        let pago = try #require(compilePlan(Self.hours(
            "Pacific/Pago_Pago", "      daily: 09:00-09:30\n", dates: "      2027-01-01: 00:00-00:30\n", extra: "  look_ahead: 1d\n")))
        #expect(starts(pago, now: "2026-12-31T12:00:00Z") == ["2026-12-31T20:00Z", "2027-01-01T11:00Z"])
    }

    @Test func sixtyMinuteMeetingsOnThirtyMinuteStepAcrossMidnight() throws {
        let plan = try #require(compilePlan(Self.hours("UTC", "      wed: 22:30-02:00\n", extra: "  look_ahead: 1d\n  meeting: { length: 60m }\n  slot_step: 30m\n")))
        let evaluation = SlotEngine(plan: plan).evaluate(now: utc("2026-12-02T00:00:00Z"), freeBusy: BusyTime())
        #expect(evaluation.slots.map { utcText($0.start) } == [
            "2026-12-02T22:30Z", "2026-12-02T23:00Z", "2026-12-02T23:30Z", "2026-12-03T00:00Z", "2026-12-03T00:30Z", "2026-12-03T01:00Z",
        ])
        #expect(Set(evaluation.slots.map(\.windowDate)) == [CivilDate(year: 2026, month: 12, day: 2)], "the window belongs to its start day")
    }

    @Test func lookAheadCountsTheSlotsOwnStartDate() throws {
        // Look-ahead 0d: the window of today crossing midnight offers only the starts before midnight.
        let plan = try #require(compilePlan(Self.hours("UTC", "      daily: 23:00-01:00\n", extra: "  look_ahead: 0d\n")))
        #expect(starts(plan, now: "2026-12-02T12:00:00Z") == ["2026-12-02T23:00Z", "2026-12-02T23:30Z"])
        // Yesterday's window reaching into today still offers today's part.
        #expect(starts(plan, now: "2026-12-02T00:05:00Z").first == "2026-12-02T00:30Z")
    }

    @Test func busyBlockShorterThanTheMeetingInsideIt() throws {
        let plan = try #require(compilePlan(Self.hours("UTC", "      tue: 09:00-12:00\n", extra: "  look_ahead: 0d\n  meeting: { length: 1h }\n  slot_step: 30m\n")))
        #expect(starts(plan, now: "2026-12-01T00:00:00Z", busy: [busy("2026-12-01T10:15:00Z", "2026-12-01T10:30:00Z")])
                == ["2026-12-01T09:00Z", "2026-12-01T10:30Z", "2026-12-01T11:00Z"])
    }

    @Test func buffersBeforeAndAfterAtOnce() throws {
        let plan = try #require(compilePlan(Self.hours("UTC", "      tue: 09:00-12:00\n",
            extra: "  look_ahead: 0d\n  buffers: { before: 10m, after: 5m }\n  slot_step: 15m\n")))
        let s = starts(plan, now: "2026-12-01T00:00:00Z", busy: [
            busy("2026-12-01T09:00:00Z", "2026-12-01T09:55:00Z"), busy("2026-12-01T11:00:00Z", "2026-12-01T12:00:00Z"),
        ])
        // 10:00 would need 09:50 free (before); 10:30 would need 11:05 (after). Back-to-back with a buffer edge is fine.
        #expect(s == ["2026-12-01T10:15Z"])
    }

    @Test func ownBookingsStackBuffersAndCountTowardsTheDailyLimit() throws {
        let plan = try #require(compilePlan(Self.hours("UTC", "      daily: 09:00-11:30\n",
            extra: "  look_ahead: 1d\n  buffers: { before: 10m, after: 5m }\n  slot_step: 15m\n  daily_limit: 2\n")))
        let booked = [ExistingBooking(start: utc("2026-12-01T10:00:00Z"), end: utc("2026-12-01T10:30:00Z"))]
        let s = starts(plan, now: "2026-12-01T00:00:00Z", bookings: booked).filter { $0.hasPrefix("2026-12-01") }
        // Own buffered [09:50, 10:35); a candidate's buffered range may touch it but not overlap.
        #expect(s == ["2026-12-01T09:00Z", "2026-12-01T09:15Z", "2026-12-01T10:45Z", "2026-12-01T11:00Z"])
        let full = booked + [ExistingBooking(start: utc("2026-12-01T11:00:00Z"), end: utc("2026-12-01T11:30:00Z"))]
        let next = starts(plan, now: "2026-12-01T00:00:00Z", bookings: full)
        #expect(next.first == "2026-12-02T09:00Z", "the daily limit of 2 is reached on 1 December")
    }

    @Test func windowAt0930WithSixtyMinuteStepAlignsToTheWindow() throws {
        let plan = try #require(compilePlan(Self.hours("UTC", "      tue: 09:30-12:00\n", extra: "  look_ahead: 0d\n  meeting: { length: 1h }\n")))
        #expect(starts(plan, now: "2026-12-01T00:00:00Z") == ["2026-12-01T09:30Z", "2026-12-01T10:30Z"])
    }

    @Test func monthEndInUTCPlusZonesUsesTheOwnerLocalDate() throws {
        let plan = try #require(compilePlan(Self.hours("Asia/Tokyo", "      daily: 09:00-09:30\n", extra: "  look_ahead: 1d\n")))
        // 2026-11-30T16:00Z is 1 December 01:00 in Tokyo: today is 1 December, the last day 2 December.
        #expect(starts(plan, now: "2026-11-30T16:00:00Z") == ["2026-12-01T00:00Z", "2026-12-02T00:00Z"])
    }

    @Test func minimumNoticeAlignsToTheGrid() throws {
        let plan = try #require(compilePlan(Self.hours("America/New_York", "      tue: 09:00-12:00\n",
            extra: "  look_ahead: 0d\n  slot_step: 15m\n").replacingOccurrences(of: "minimum_notice: 0m", with: "minimum_notice: 2h")))
        // now 08:50 EST; earliest 10:50; the next start on the 15-minute grid from 09:00 is 11:00.
        #expect(starts(plan, now: "2026-12-01T13:50:00Z").first == "2026-12-01T16:00Z")
    }

    @Test func tentativeFollowsThePolicy() throws {
        let tentativeBusy = try #require(compilePlan(Self.hours("UTC", "      tue: 09:00-10:00\n", extra: "  look_ahead: 0d\n")))
        let tentativeFree = try #require(compilePlan(Self.hours("UTC", "      tue: 09:00-10:00\n", extra: "  look_ahead: 0d\n  tentative: free\n")))
        let maybe = [busy("2026-12-01T09:00:00Z", "2026-12-01T09:30:00Z", .tentative)]
        #expect(starts(tentativeBusy, now: "2026-12-01T00:00:00Z", busy: maybe) == ["2026-12-01T09:30Z"])
        #expect(starts(tentativeFree, now: "2026-12-01T00:00:00Z", busy: maybe) == ["2026-12-01T09:00Z", "2026-12-01T09:30Z"])
        let free = [busy("2026-12-01T09:00:00Z", "2026-12-01T09:30:00Z", .free), busy("2026-12-01T09:30:00Z", "2026-12-01T10:00:00Z", .unknown)]
        #expect(starts(tentativeBusy, now: "2026-12-01T00:00:00Z", busy: free) == ["2026-12-01T09:00Z"], "unknown is busy, free is free")
    }

    @Test func aCalendarThatErroredIsNeverFree() throws {
        let plan = try #require(compilePlan(Self.hours("UTC", "      daily: 09:00-10:00\n")))
        let evaluation = SlotEngine(plan: plan).evaluate(now: utc("2026-12-01T00:00:00Z"), freeBusy: BusyTime(failures: ["maria@acme.example: notFound"]))
        #expect(evaluation.slots.isEmpty)
        #expect(evaluation.unavailable == .calendarUnknown(["maria@acme.example: notFound"]))
    }

    @Test func overridesReplaceTheDayAlsoWithoutWeeklyHours() throws {
        let plan = try #require(compilePlan(Self.hours("UTC", "      mon-fri: 09:00-10:00\n",
            dates: "      2026-12-05: 10:00-10:30\n      2026-12-07: closed\n      2026-12-08: [14:00-14:30]\n", extra: "  look_ahead: 7d\n")))
        let s = starts(plan, now: "2026-12-04T11:00:00Z")
        #expect(s == ["2026-12-05T10:00Z", "2026-12-08T14:00Z", "2026-12-09T09:00Z", "2026-12-09T09:30Z",
                      "2026-12-10T09:00Z", "2026-12-10T09:30Z", "2026-12-11T09:00Z", "2026-12-11T09:30Z"])
    }

    @Test func disabledBookingOffersNothing() throws {
        let team = "kind: Team\nversion: 1\nmembers:\n  ana: { name: Ana, email: ana@acme.example }\n"
        let disabled = try #require(PolicyCompilerBridge.compile(team, "kind: Campaign\nversion: 1\nowner: ana\nbooking:\n  enabled: false\n"))
        #expect(SlotEngine(plan: disabled).evaluate(now: 0, freeBusy: BusyTime()).unavailable == .bookingDisabled)
    }
}
