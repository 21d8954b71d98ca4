import Booking
import PlanModel

/// RFC 5545 serialisation of an `EventDraft`: TEXT escaping and 75-octet folding.
public enum ICalendarEvent {
    /// TEXT escaping (see `ICalendarText`).
    public static func text(_ s: String) -> String { ICalendarText.escape(s) }

    /// A parameter value: quoted when it holds `:`, `;` or `,`; quotes and controls dropped.
    static func parameter(_ s: String) -> String {
        let clean = String(s.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\"" }.map(Character.init))
        return clean.contains(where: { ":;,".contains($0) }) ? "\"\(clean)\"" : clean
    }

    /// Line folding (see `ICalendarText`).
    public static func fold(_ line: String) -> String { ICalendarText.fold(line) }

    /// A complete VCALENDAR with one VEVENT.
    public static func calendar(_ e: EventDraft, now: UnixTime) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//slotplan//booking//EN", "BEGIN:VEVENT",
                     "UID:\(text(e.uid))", "DTSTAMP:\(ICalendarText.utcStamp(now))", "DTSTART:\(ICalendarText.utcStamp(e.start))", "DTEND:\(ICalendarText.utcStamp(e.end))",
                     "SUMMARY:\(text(e.title))"]
        if !e.description.isEmpty { lines.append("DESCRIPTION:\(text(e.description))") }
        if let location = e.location { lines.append("LOCATION:\(text(location))") }
        if let link = e.link { lines.append("URL:\(text(link))") }
        lines.append("ORGANIZER;CN=\(parameter(e.organizerName)):mailto:\(e.organizerEmail)")
        lines.append("ATTENDEE;CN=\(parameter(e.attendeeName ?? e.attendeeEmail));ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:\(e.attendeeEmail)")
        if e.lineage != e.bookingID { lines.append("SEQUENCE:1") }
        lines += ["STATUS:CONFIRMED", "TRANSP:OPAQUE", "X-SLOTPLAN-CAMPAIGN:\(text(e.campaign))", "X-SLOTPLAN-BOOKING:\(text(e.bookingID))",
                  "END:VEVENT", "END:VCALENDAR"]
        return lines.map(fold).joined()
    }
}
