import Foundation
import PlanModel

extension WorkspaceResolver {
    /// The campaign's schedule with its time zone settled, or nil (after reporting) when it has none.
    mutating func resolveSchedule(_ c: CampaignDeclaration, calendarOwner: MemberDeclaration?, selection: ProviderSelection?) -> WeeklySchedule? {
        let declaration: ScheduleDeclaration
        switch c.availability {
        case nil:
            if c.enabled {
                bag.add(Diagnostic(.missingField, "`booking` is missing `availability`", at: c.bookingAnchor,
                                   label: "booking is enabled but no hours are given",
                                   help: "add `availability: <schedule id>` or an inline `availability:` with `weekly:` hours"))
            }
            return nil
        case .named(let reference):
            guard let found = schedules[reference.value] else {
                let suggestion = DidYouMean.suggestion(for: reference.value, among: schedules.keys.sorted())
                bag.add(Diagnostic(
                    .unknownSchedule, "no schedule has id `\(reference.value)`", at: reference.range, label: "unknown schedule",
                    notes: schedules.isEmpty ? [] : [DiagnosticNote("schedules: \(schedules.keys.sorted().joined(separator: ", "))")],
                    help: suggestion.map { "did you mean `\($0)`?" } ?? "add a `kind: Schedule` document with `id: \(reference.value)`, or write the hours inline",
                    fixIts: suggestion.map { [FixIt(range: reference.range, replacement: $0)] } ?? []))
                return nil
            }
            usedSchedules.insert(reference.value)
            declaration = found
        case .inline(let inline):
            checkOverridesOnClosedDays(inline)
            checkWeeklyAcrossMidnight(inline)
            declaration = inline
        case .invalid:
            return nil
        }
        let zone: String
        if let declared = declaration.timezone {
            zone = declared.value
        } else if let selection, let connection = calendarOwner?.connections.first(where: { $0.provider == selection.provider }) {
            zone = connection.timezone.value
        } else {
            if calendarOwner != nil {
                bag.add(Diagnostic(
                    .noTimeZone, "the hours of `\(c.id.value)` have no time zone", at: declaration.anchor,
                    label: "no `timezone:` and no connected calendar to take it from",
                    help: "add `timezone: America/New_York` (an IANA name) to the schedule"))
            }
            return nil
        }
        var weekly: [WeeklyHours] = []
        for (index, windows) in declaration.windowsByDay.enumerated() where !windows.isEmpty {
            weekly.append(WeeklyHours(day: Weekday.allCases[index], windows: windows.map(\.value).sorted()))
        }
        let dates = declaration.dates.map { DateOverride(date: $0.date.value, windows: $0.windows.map(\.value).sorted()) }
        return declaration.hadErrors ? nil : WeeklySchedule(id: declaration.id?.value, timezone: zone, weekly: weekly, dates: dates)
    }

    /// A `closed` override on a weekday without weekly hours changes nothing: probably a wrong date.
    mutating func checkOverridesOnClosedDays(_ declaration: ScheduleDeclaration) {
        for override in declaration.dates where override.windows.isEmpty {
            guard let date = CivilDate(override.date.value),
                  !declaration.weekly.contains(where: { $0.days.contains(date.weekday) }) else { continue }
            bag.add(Diagnostic(
                .scheduleNeverOpen, "\(override.date.value) is a \(date.weekday.rawValue), which has no weekly hours; closing it changes nothing",
                at: override.date.range, label: "already closed", help: "check the date, or remove the override"))
        }
    }

    /// Notice against look-ahead, and the meeting against the windows.
    mutating func checkTimes(_ c: CampaignDeclaration, schedule: WeeklySchedule?) {
        // Look-ahead 0d still offers the rest of today, so a notice below a day can work there.
        if c.minimumNotice.value >= max(c.lookAhead.value, 1440) {
            bag.add(Diagnostic(
                .noticeBeyondLookAhead,
                "minimum_notice (\(DurationText.format(minutes: c.minimumNotice.value))) is at or beyond look_ahead (\(DurationText.format(minutes: c.lookAhead.value)))",
                at: c.minimumNotice.range, label: "no slot can ever be offered",
                notes: [DiagnosticNote("look_ahead is set here", at: c.lookAhead.range)],
                help: "shorten minimum_notice or lengthen look_ahead"))
        }
        guard c.enabled, let schedule else { return }
        let windows = schedule.weekly.flatMap(\.windows) + schedule.dates.flatMap(\.windows)
        guard let longest = windows.map(\.minutes).max() else {
            bag.add(Diagnostic(.noOpenDay, "the availability of `\(c.id.value)` has no hours at all", at: c.bookingAnchor,
                               label: "no weekly hours and no dated hours",
                               help: "add `weekly:` hours such as `mon-fri: 09:00-17:00`"))
            return
        }
        if c.meetingMinutes.value > longest {
            bag.add(Diagnostic(
                .meetingLongerThanWindows,
                "a \(DurationText.format(minutes: c.meetingMinutes.value)) meeting fits in no window (the longest is \(DurationText.format(minutes: longest)))",
                at: c.meetingMinutes.range, label: "longer than every window",
                help: "shorten the meeting or widen the windows of the schedule"))
        }
    }
}
