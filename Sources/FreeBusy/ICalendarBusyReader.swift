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
        for calendar in calendars {
            if let error = Self.firstParseError(calendar) {
                throw BusyReadError(file: name, place: error.place, message: "malformed iCalendar: \(error.message)")
            }
            let floating = Self.xWRTimeZone(calendar) ?? reader.floatingZone
            guard let floatingZone = icaltimezone_get_builtin_timezone(floating) else {
                throw BusyReadError(file: name, message: "unknown time zone `\(floating)` for floating and all-day times")
            }
            let context = EventContext(floatingZone: floatingZone, from: reader.from, to: reader.to, source: name)
            intervals += try EventExpander(context: context).expand(calendar, name: name)
            intervals += Self.freeBusyPeriods(calendar, name: name, floatingZone: floatingZone)
        }
        return BusyTime(intervals: intervals)
    }

    /// `X-WR-TIMEZONE` (Google exports): the zone of floating times.
    static func xWRTimeZone(_ calendar: OpaquePointer) -> String? {
        var p = icalcomponent_get_first_property(calendar, ICAL_X_PROPERTY)
        while let prop = p {
            if let xName = icalproperty_get_x_name(prop), String(cString: xName).uppercased() == "X-WR-TIMEZONE",
               let value = icalproperty_get_x(prop) {
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

    /// The first `X-LIC-ERROR` libical recorded on a time property of an event or free/busy block.
    static func firstParseError(_ calendar: OpaquePointer) -> (place: String?, message: String)? {
        for kind in [ICAL_VEVENT_COMPONENT, ICAL_VFREEBUSY_COMPONENT] {
            var c = icalcomponent_get_first_component(calendar, kind)
            while let component = c {
                var p = icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY)
                while let error = p {
                    if let text = icalproperty_get_xlicerror(error).map({ String(cString: $0) }),
                       timeProperties.contains(where: { text.uppercased().contains($0) }) {
                        let uid = icalcomponent_get_uid(component).map { "UID \(String(cString: $0))" }
                        return (uid, text)
                    }
                    p = icalcomponent_get_next_property(component, ICAL_XLICERROR_PROPERTY)
                }
                if kind == ICAL_VEVENT_COMPONENT, icalcomponent_get_first_property(component, ICAL_DTSTART_PROPERTY) == nil {
                    let uid = icalcomponent_get_uid(component).map { "UID \(String(cString: $0))" }
                    return (uid, "VEVENT without DTSTART")
                }
                c = icalcomponent_get_next_component(calendar, kind)
            }
        }
        return nil
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
}
