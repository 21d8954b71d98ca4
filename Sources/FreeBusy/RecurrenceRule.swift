import CICal

/// RRULE expansion through libical, for tools and tests that work on rules alone.
public enum RecurrenceRule {
    /// The first `limit` instances of `rule` from `dtstart` (both in iCalendar syntax, e.g.
    /// `FREQ=DAILY;COUNT=3` and `19970902T090000`), as iCalendar date-time text; from `startAt`
    /// on when given. Nil when libical refuses the rule.
    public static func instances(rule: String, dtstart: String, startAt: String? = nil, limit: Int = 1_000) -> [String]? {
        let recurrence = icalrecurrencetype_from_string(rule)
        guard recurrence.freq != ICAL_NO_RECURRENCE else { return nil }
        let start = icaltime_from_string(dtstart)
        guard icaltime_is_null_time(start) == 0, let iterator = icalrecur_iterator_new(recurrence, start) else { return nil }
        defer { icalrecur_iterator_free(iterator) }
        if let startAt { _ = icalrecur_iterator_set_start(iterator, icaltime_from_string(startAt)) }
        var out: [String] = []
        while out.count < limit {
            let next = icalrecur_iterator_next(iterator)
            if icaltime_is_null_time(next) != 0 { break }
            out.append(String(cString: icaltime_as_ical_string(next)))
        }
        return out
    }
}
