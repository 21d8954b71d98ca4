import PlanModel
import CICal
import Foundation

/// iCalendar busy data through libical: VEVENT occurrences (RRULE, RDATE, EXDATE, RECURRENCE-ID
/// with RANGE=THISANDFUTURE, STATUS, TRANSP, DURATION, all-day, floating, VTIMEZONE,
/// X-WR-TIMEZONE) and VFREEBUSY periods, over the reader's range.
struct ICalendarBusyReader {
    let reader: BusyReader
    /// At most this many occurrences per recurring event are produced (a guard against runaway rules).
    static let maxOccurrences = 100_000

    func read(_ bytes: [UInt8], name: String) throws(BusyReadError) -> BusyTime {
        let text = String(decoding: bytes, as: UTF8.self)
        guard var root = text.withCString({ icalparser_parse_string($0) }) else {
            throw BusyReadError(file: name, message: "libical could not parse the calendar")
        }
        let kind = icalcomponent_isa(root)
        if kind == ICAL_VEVENT_COMPONENT || kind == ICAL_VFREEBUSY_COMPONENT, let wrapper = icalcomponent_new(ICAL_VCALENDAR_COMPONENT) {
            // A bare VEVENT or VFREEBUSY (no VCALENDAR around it): read it as a calendar of one.
            icalcomponent_add_component(wrapper, root)
            root = wrapper
        }
        defer { icalcomponent_free(root) }
        var calendars: [OpaquePointer] = []
        if icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT {
            calendars = [root]
        } else {
            var c = icalcomponent_get_first_component(root, ICAL_VCALENDAR_COMPONENT)
            while let cal = c {
                calendars.append(cal)
                c = icalcomponent_get_next_component(root, ICAL_VCALENDAR_COMPONENT)
            }
        }
        if calendars.isEmpty { calendars = [root] }  // several bare components (libical's XROOT)
        var intervals: [BusyInterval] = []
        var warnings: [String] = []
        for calendar in calendars {
            // One damaged event costs that event (or its damaged property), never the calendar.
            warnings += Self.setAsideDamage(calendar, name: name)
            let calendarZone = Self.xWRTimeZone(calendar).map(Self.canonicalZone)
            let floating = calendarZone ?? reader.floatingZone
            guard let floatingZone = icaltimezone_get_builtin_timezone(floating) else {
                throw BusyReadError(file: name, message: "unknown time zone `\(floating)` for floating and all-day times")
            }
            let context = EventContext(floatingZone: floatingZone, from: reader.from, to: reader.to, source: name,
                                       wallClockZone: calendarZone == nil ? nil : floatingZone)
            intervals += try EventExpander(context: context).expand(calendar, name: name)
            intervals += Self.freeBusyPeriods(calendar, name: name, floatingZone: floatingZone)
        }
        return BusyTime(intervals: intervals, warnings: warnings)
    }

    /// `X-WR-TIMEZONE` (Google exports): the zone of floating times.
    static func xWRTimeZone(_ calendar: OpaquePointer) -> String? {
        var p = icalcomponent_get_first_property(calendar, ICAL_X_PROPERTY)
        while let prop = p {
            // The value as text whatever its VALUE= parameter says (`X-WR-TIMEZONE;VALUE=TEXT:…`).
            if let xName = icalproperty_get_x_name(prop), String(cString: xName).uppercased() == "X-WR-TIMEZONE",
               let value = icalproperty_get_value_as_string(prop) {
                let zone = String(cString: value).trimmingCharacters(in: .whitespaces)
                if !zone.isEmpty { return zone }
            }
            p = icalcomponent_get_next_property(calendar, ICAL_X_PROPERTY)
        }
        return nil
    }

    /// Properties whose damage changes when an event is busy; damage elsewhere (an empty
    /// LOCATION, an unknown X- name) is what real exports contain and is ignored.
    static let timeProperties = ["DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "FREEBUSY"]

    /// Old zone names real exports still carry (Lotus Notes, old Google and Apple exports), which
    /// libical's built-in zones lack, to their IANA names.
    static let zoneAliases = [
        "US/Eastern": "America/New_York", "US/Central": "America/Chicago", "US/Mountain": "America/Denver",
        "US/Pacific": "America/Los_Angeles", "US/Arizona": "America/Phoenix", "US/Alaska": "America/Anchorage",
        "US/Hawaii": "Pacific/Honolulu", "US/East-Indiana": "America/Indiana/Indianapolis", "US/Michigan": "America/Detroit",
        "Canada/Eastern": "America/Toronto", "Canada/Central": "America/Winnipeg", "Canada/Mountain": "America/Edmonton",
        "Canada/Pacific": "America/Vancouver", "Canada/Atlantic": "America/Halifax", "Canada/Newfoundland": "America/St_Johns",
    ]

    static func canonicalZone(_ name: String) -> String {
        if icaltimezone_get_builtin_timezone(name) != nil { return name }
        return zoneAliases[name] ?? name
    }

    /// Events and free/busy blocks libical could read only in part. An event whose DTSTART cannot
    /// be read (or that has none) is removed and reported; one that lost another time property
    /// (a bad RDATE, EXDATE, DTEND) keeps the rest, which stays busy, and is reported. Returns the
    /// warnings, in the words of what slotplan did.
    static func setAsideDamage(_ calendar: OpaquePointer, name: String) -> [String] {
        var warnings: [String] = []
        var removals: [OpaquePointer] = []
        for kind in [ICAL_VEVENT_COMPONENT, ICAL_VFREEBUSY_COMPONENT] {
            var c = icalcomponent_get_first_component(calendar, kind)
            while let component = c {
                let uid = icalcomponent_get_uid(component).map { String(cString: $0) } ?? "(no UID)"
                let summary = icalcomponent_get_summary(component).map { " \"\(String(cString: $0))\"" } ?? ""
                var problems: [(property: String, value: String)] = []
                var p = icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY)
                while let error = p {
                    if let text = icalproperty_get_xlicerror(error).map({ String(cString: $0) }),
                       let property = timeProperties.first(where: { text.uppercased().contains($0) }) {
                        let value = text.range(of: "property: ").map { String(text[$0.upperBound...]) } ?? text
                        problems.append((property, value))
                    }
                    p = icalcomponent_get_next_property(component, ICAL_XLICERROR_PROPERTY)
                }
                let noStart = kind == ICAL_VEVENT_COMPONENT && icalcomponent_get_first_property(component, ICAL_DTSTART_PROPERTY) == nil
                if noStart || problems.contains(where: { $0.property == "DTSTART" }) {
                    let why = problems.first { $0.property == "DTSTART" }.map { "its DTSTART `\($0.value)` is not a date or date-time" }
                        ?? "it has no DTSTART"
                    warnings.append("\(name): skipped the event UID \(uid)\(summary): \(why)")
                    removals.append(component)
                } else {
                    for problem in problems {
                        warnings.append("\(name): event UID \(uid)\(summary): ignored its \(problem.property) `\(problem.value)`, which cannot be read; the rest of the event is read")
                    }
                }
                c = icalcomponent_get_next_component(calendar, kind)
            }
        }
        for component in removals {
            icalcomponent_remove_component(calendar, component)
            icalcomponent_free(component)
        }
        return warnings
    }

    /// FREEBUSY periods of VFREEBUSY components, typed by FBTYPE.
    static func freeBusyPeriods(_ calendar: OpaquePointer, name: String, floatingZone: OpaquePointer) -> [BusyInterval] {
        var out: [BusyInterval] = []
        var c = icalcomponent_get_first_component(calendar, ICAL_VFREEBUSY_COMPONENT)
        while let component = c {
            var p = icalcomponent_get_first_property(component, ICAL_FREEBUSY_PROPERTY)
            while let prop = p {
                let period = icalproperty_get_freebusy(prop)
                var status = BusyInterval.Status.busy
                if let parameter = icalproperty_get_first_parameter(prop, ICAL_FBTYPE_PARAMETER) {
                    switch icalparameter_get_fbtype(parameter) {
                    case ICAL_FBTYPE_FREE: status = .free
                    case ICAL_FBTYPE_BUSYTENTATIVE: status = .tentative
                    case ICAL_FBTYPE_BUSYUNAVAILABLE: status = .outOfOffice
                    default: status = .busy
                    }
                }
                // Floating periods are read in the calendar's floating zone, like floating events.
                let utc = icaltimezone_get_utc_timezone()
                func zone(_ t: icaltimetype) -> OpaquePointer? { icaltime_is_utc(t) != 0 ? utc : (t.zone ?? floatingZone) }
                let start = UnixTime(icaltime_as_timet_with_zone(period.start, zone(period.start)))
                var end = UnixTime(icaltime_as_timet_with_zone(period.end, zone(period.end)))
                if icaltime_is_null_time(period.end) != 0 {
                    end = start + UnixTime(icaldurationtype_as_int(period.duration))
                }
                if end > start { out.append(BusyInterval(start: start, end: end, status: status, summary: nil, source: name)) }
                p = icalcomponent_get_next_property(component, ICAL_FREEBUSY_PROPERTY)
            }
            c = icalcomponent_get_next_component(calendar, ICAL_VFREEBUSY_COMPONENT)
        }
        return out
    }
}

/// What every event of one calendar shares.
struct EventContext {
    let floatingZone: OpaquePointer
    let from: UnixTime
    let to: UnixTime
    let source: String
    /// The calendar's `X-WR-TIMEZONE`, when it has one: a recurring event whose DTSTART is in UTC
    /// recurs at the wall-clock time of this zone, as Google Calendar shows it (the x-wr-timezone
    /// convention), not at a fixed UTC time that drifts an hour at each DST change.
    let wallClockZone: OpaquePointer?
}
