import PlanModel
import CICal
import Foundation

/// Expands the VEVENTs of one VCALENDAR into busy intervals over the context's range.
struct EventExpander {
    let context: EventContext

    /// One VEVENT as read: its times and flags.
    struct Event {
        let component: OpaquePointer
        let uid: String
        let start: icaltimetype
        let zone: OpaquePointer?
        let isDate: Bool
        /// Nominal local length in seconds (from DTEND) or exact (from DURATION).
        let length: Length
        let blocks: Bool
        let tentative: Bool
        let summary: String?
        let recurrenceID: UnixTime?
        let thisAndFuture: Bool
        let sequence: Int
    }

    enum Length {
        case nominal(Int64)
        case exact(Int64)
        case days(Int, exactSeconds: Int64)
    }

    func expand(_ calendar: OpaquePointer, name: String) throws(BusyReadError) -> [BusyInterval] {
        // The same UID (and RECURRENCE-ID) twice: the higher SEQUENCE is the current version.
        var mastersByUID: [String: Event] = [:]
        var masterOrder: [String] = []
        var overridesByKey: [String: Event] = [:]
        var c = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT)
        var anonymous = 0
        while let component = c {
            if let event = read(component) {
                if let rid = event.recurrenceID {
                    let key = "\(event.uid)\u{0}\(rid)"
                    if overridesByKey[key].map({ $0.sequence <= event.sequence }) ?? true { overridesByKey[key] = event }
                } else {
                    var uid = event.uid
                    if uid.isEmpty { anonymous += 1; uid = "\u{0}\(anonymous)" }
                    if mastersByUID[uid] == nil { masterOrder.append(uid) }
                    if mastersByUID[uid].map({ $0.sequence <= event.sequence }) ?? true { mastersByUID[uid] = event }
                }
            }
            c = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)
        }
        let masters = masterOrder.compactMap { mastersByUID[$0] }
        var overrides: [String: [Event]] = [:]
        for event in overridesByKey.values { overrides[event.uid, default: []].append(event) }
        var out: [BusyInterval] = []
        var usedOverrides = Set<String>()
        for master in masters {
            let own = overrides[master.uid] ?? []
            if !own.isEmpty { usedOverrides.insert(master.uid) }
            out += try occurrences(of: master, overrides: own, name: name)
        }
        // Overrides whose master is missing still describe real time.
        for (uid, events) in overrides where !usedOverrides.contains(uid) {
            for e in events { if let i = interval(e, start: instant(e.start, e)) { out.append(i) } }
        }
        return out
    }

    private func read(_ component: OpaquePointer) -> Event? {
        var start = icalcomponent_get_dtstart(component)
        guard icaltime_is_null_time(start) == 0 else { return nil }
        if let wallClock = context.wallClockZone, icaltime_is_utc(start) != 0, start.is_date == 0,
           icalcomponent_get_first_property(component, ICAL_RRULE_PROPERTY) != nil {
            start = icaltime_convert_to_zone(start, wallClock)
        }
        let isDate = start.is_date != 0
        let zone = isDate || start.zone == nil ? nil : start.zone
        let status = icalcomponent_get_status(component)
        var transparent = false
        if let prop = icalcomponent_get_first_property(component, ICAL_TRANSP_PROPERTY) {
            let t = icalproperty_get_transp(prop)
            transparent = t == ICAL_TRANSP_TRANSPARENT || t == ICAL_TRANSP_TRANSPARENTNOCONFLICT
        }
        let length: Length
        // DTEND wins when a (malformed) event has both DTEND and DURATION.
        if let endProp = icalcomponent_get_first_property(component, ICAL_DTEND_PROPERTY) {
            // Read the property itself: libical's computed DTEND is null when DURATION is present too.
            var end = icalproperty_get_dtend(endProp)
            if icaltime_is_utc(end) != 0 { end.zone = icaltimezone_get_utc_timezone() }
            else if end.zone == nil && end.is_date == 0, let tz = Self.tzidZone(endProp) { end.zone = tz }
            if (end.is_date != 0) == isDate && end.zone == start.zone {
                length = .nominal(Self.localSeconds(end) - Self.localSeconds(start))
            } else {
                length = .exact(Int64(icaltime_as_timet_with_zone(end, end.zone ?? context.floatingZone))
                    - Int64(icaltime_as_timet_with_zone(start, start.zone ?? context.floatingZone)))
            }
        } else if let durationProp = icalcomponent_get_first_property(component, ICAL_DURATION_PROPERTY) {
            let d = icalproperty_get_duration(durationProp)
            let sign: Int64 = d.is_neg != 0 ? -1 : 1
            let exact = sign * (Int64(d.hours) * 3600 + Int64(d.minutes) * 60 + Int64(d.seconds))
            length = .days(Int(sign) * Int(d.days + 7 * d.weeks), exactSeconds: exact)
        } else {
            length = isDate ? .days(1, exactSeconds: 0) : .exact(0)
        }
        var recurrenceID: UnixTime?
        var thisAndFuture = false
        if let ridProp = icalcomponent_get_first_property(component, ICAL_RECURRENCEID_PROPERTY) {
            var rid = icalproperty_get_recurrenceid(ridProp)
            if rid.zone == nil && rid.is_date == 0 && icaltime_is_utc(rid) == 0, let tz = Self.tzidZone(ridProp) { rid.zone = tz }
            if icaltime_is_utc(rid) != 0 { rid.zone = icaltimezone_get_utc_timezone() }
            recurrenceID = rid.is_date != 0 || rid.zone == nil
                ? Int64(icaltime_as_timet_with_zone(Self.midnightIfDate(rid), context.floatingZone))
                : Int64(icaltime_as_timet_with_zone(rid, rid.zone))
            if let range = icalproperty_get_first_parameter(ridProp, ICAL_RANGE_PARAMETER) {
                thisAndFuture = icalparameter_get_range(range) == ICAL_RANGE_THISANDFUTURE
            }
        }
        return Event(
            component: component, uid: icalcomponent_get_uid(component).map { String(cString: $0) } ?? "",
            start: start, zone: zone, isDate: isDate, length: length,
            blocks: status != ICAL_STATUS_CANCELLED && !transparent, tentative: status == ICAL_STATUS_TENTATIVE,
            summary: icalcomponent_get_summary(component).map { String(cString: $0) },
            recurrenceID: recurrenceID, thisAndFuture: thisAndFuture, sequence: Int(icalcomponent_get_sequence(component)))
    }

    static func midnightIfDate(_ t: icaltimetype) -> icaltimetype {
        var copy = t
        if copy.is_date != 0 {
            copy.is_date = 0
            copy.hour = 0; copy.minute = 0; copy.second = 0
        }
        return copy
    }

    static func localSeconds(_ t: icaltimetype) -> Int64 {
        let days = CivilDate(year: Int(t.year), month: Int(t.month), day: Int(t.day)).daysSinceEpoch
        return Int64(days) * 86_400 + (t.is_date != 0 ? 0 : Int64(t.hour) * 3600 + Int64(t.minute) * 60 + Int64(t.second))
    }

    /// A local time (possibly a date) of the event's clock as an instant.
    func instant(_ t: icaltimetype, _ e: Event) -> UnixTime {
        let local = Self.midnightIfDate(t)
        return UnixTime(icaltime_as_timet_with_zone(local, e.zone ?? context.floatingZone))
    }

    /// The local time `seconds` after `t` on the event's clock.
    func shifted(_ t: icaltimetype, bySeconds seconds: Int64, _ e: Event) -> icaltimetype {
        var copy = Self.midnightIfDate(t)
        copy.second += Int32(clamping: seconds)
        return icaltime_normalize(copy)
    }

    /// The busy interval of an occurrence starting at local time `startTime`.
    func interval(_ e: Event, start: UnixTime, localStart: icaltimetype? = nil) -> BusyInterval? {
        guard e.blocks else { return nil }
        let ls = localStart ?? e.start
        let end: UnixTime
        switch e.length {
        case .nominal(let s): end = instant(shifted(ls, bySeconds: s, e), e)
        case .exact(let s): end = start + s
        case .days(let d, let s): end = instant(shifted(ls, bySeconds: Int64(d) * 86_400, e), e) + s
        }
        guard end != start else { return nil }
        // An end before the start is a broken event, not free time: the span between them is busy.
        return BusyInterval(start: min(start, end), end: max(start, end), status: e.tentative ? .tentative : .busy,
                            summary: e.summary, source: context.source)
    }

    /// Every occurrence of a master in range, with its overrides applied.
    private func occurrences(of master: Event, overrides: [Event], name: String) throws(BusyReadError) -> [BusyInterval] {
        var starts: [(local: icaltimetype, at: UnixTime)] = []
        let first = instant(master.start, master)
        starts.append((master.start, first))
        let horizon = context.to + 86_400 * 2
        var p = icalcomponent_get_first_property(master.component, ICAL_RRULE_PROPERTY)
        while let prop = p {
            let rule = icalproperty_get_rrule(prop)
            if let iterator = icalrecur_iterator_new(rule, master.start) {
                var produced = 0
                defer { icalrecur_iterator_free(iterator) }
                while true {
                    let next = icalrecur_iterator_next(iterator)
                    if icaltime_is_null_time(next) != 0 { break }
                    let t = instant(next, master)
                    if t > horizon { break }
                    starts.append((next, t))
                    produced += 1
                    if produced > ICalendarBusyReader.maxOccurrences {
                        // Truncating would read the rest as free; unknown is never free.
                        throw BusyReadError(file: name, place: "UID \(master.uid)",
                                            message: "the recurrence rule produces more than \(ICalendarBusyReader.maxOccurrences) occurrences in the range; refusing to guess")
                    }
                }
            }
            p = icalcomponent_get_next_property(master.component, ICAL_RRULE_PROPERTY)
        }
        var rdateLengths: [UnixTime: Int64] = [:]
        p = icalcomponent_get_first_property(master.component, ICAL_RDATE_PROPERTY)
        while let prop = p {
            let value = icalproperty_get_rdate(prop)
            if icaltime_is_null_time(value.time) == 0 {
                var local = value.time
                if local.zone == nil && local.is_date == 0, let tz = Self.tzidZone(prop) { local.zone = tz }
                let t = local.zone != nil && local.is_date == 0
                    ? UnixTime(icaltime_as_timet_with_zone(local, local.zone)) : instant(local, master)
                starts.append((local, t))
            } else if icaltime_is_null_time(value.period.start) == 0 {
                var ps = value.period.start
                if ps.zone == nil, let tz = Self.tzidZone(prop) { ps.zone = tz }
                let t = ps.zone != nil ? UnixTime(icaltime_as_timet_with_zone(ps, ps.zone)) : instant(ps, master)
                var pe = value.period.end
                if pe.zone == nil, let tz = Self.tzidZone(prop) { pe.zone = tz }
                let end = icaltime_is_null_time(pe) == 0
                    ? (pe.zone != nil ? UnixTime(icaltime_as_timet_with_zone(pe, pe.zone)) : instant(pe, master))
                    : t + UnixTime(icaldurationtype_as_int(value.period.duration))
                starts.append((ps, t))
                rdateLengths[t] = end - t
            }
            p = icalcomponent_get_next_property(master.component, ICAL_RDATE_PROPERTY)
        }
        var excluded = Set<UnixTime>()
        p = icalcomponent_get_first_property(master.component, ICAL_EXDATE_PROPERTY)
        while let prop = p {
            var value = icalproperty_get_exdate(prop)
            if value.zone == nil && value.is_date == 0, let tz = Self.tzidZone(prop) { value.zone = tz }
            if value.is_date != 0 {
                // A date EXDATE removes every occurrence on that local date.
                let day = CivilDate(year: Int(value.year), month: Int(value.month), day: Int(value.day))
                for s in starts where CivilDate(year: Int(s.local.year), month: Int(s.local.month), day: Int(s.local.day)) == day {
                    excluded.insert(s.at)
                }
            } else if master.zone == nil && !master.isDate {
                // A floating event: an EXDATE names the wall-clock time of an occurrence, whatever its zone suffix.
                let wall = Self.localSeconds(value)
                for s in starts where Self.localSeconds(s.local) == wall { excluded.insert(s.at) }
            } else {
                excluded.insert(value.zone != nil ? UnixTime(icaltime_as_timet_with_zone(value, value.zone)) : instant(value, master))
            }
            p = icalcomponent_get_next_property(master.component, ICAL_EXDATE_PROPERTY)
        }
        var byRecurrence: [UnixTime: Event] = [:]
        for o in overrides { if let r = o.recurrenceID { byRecurrence[r] = o } }
        let future = overrides.filter(\.thisAndFuture).sorted { ($0.recurrenceID ?? 0) < ($1.recurrenceID ?? 0) }
        var seen = Set<UnixTime>()
        var out: [BusyInterval] = []
        for s in starts.sorted(by: { $0.at < $1.at }) where !excluded.contains(s.at) && seen.insert(s.at).inserted {
            if let o = byRecurrence[s.at] {
                if let i = interval(o, start: instant(o.start, o)) { out.append(i) }
                continue
            }
            if let o = future.last(where: { ($0.recurrenceID ?? .max) <= s.at }), let rid = o.recurrenceID {
                // RANGE=THISANDFUTURE: later instances move by the same offset and take the override's length.
                let moved = s.at + (instant(o.start, o) - rid)
                if let i = interval(o, start: moved, localStart: shifted(s.local, bySeconds: instant(o.start, o) - rid, o)) { out.append(i) }
                continue
            }
            if let length = rdateLengths[s.at] {
                if master.blocks, length > 0 {
                    out.append(BusyInterval(start: s.at, end: s.at + length, status: master.tentative ? .tentative : .busy, summary: master.summary, source: context.source))
                }
                continue
            }
            if let i = interval(master, start: s.at, localStart: s.local) { out.append(i) }
        }
        return out.filter { $0.end > context.from && $0.start < context.to }
    }

    /// The zone named by a property's TZID parameter (libical leaves RDATE/EXDATE values zoneless).
    static func tzidZone(_ prop: OpaquePointer) -> OpaquePointer? {
        guard let parameter = icalproperty_get_first_parameter(prop, ICAL_TZID_PARAMETER),
              let tzid = icalparameter_get_tzid(parameter) else { return nil }
        var parent = icalproperty_get_parent(prop)
        while let p = parent, icalcomponent_isa(p) != ICAL_VCALENDAR_COMPONENT { parent = icalcomponent_get_parent(p) }
        if let calendar = parent, let zone = icalcomponent_get_timezone(calendar, tzid) { return zone }
        return icaltimezone_get_builtin_timezone(tzid)
    }
}
