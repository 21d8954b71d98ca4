import PlanModel

/// One-event iCalendar files, for tests that fill calendar folders.
public enum EventFile {
    /// A calendar of one VEVENT over `[start, end)`, both iCalendar UTC date-times (`20261202T100000Z`).
    public static func text(_ start: String, _ end: String, uid: String = "a") -> String {
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\nBEGIN:VEVENT\r\nUID:\(uid)\r\nDTSTART:\(start)\r\nDTEND:\(end)\r\n"
            + "END:VEVENT\r\nEND:VCALENDAR\r\n"
    }

    /// The same over `[start, end)` in Unix seconds, with a UID of its own.
    public static func text(_ start: UnixTime, _ end: UnixTime) -> String {
        text(ICalendarText.utcStamp(start), ICalendarText.utcStamp(end), uid: "\(start)-\(end)")
    }
}
