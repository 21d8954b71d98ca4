import Availability
import Plan

/// A calendar event to create, independent of the provider.
public struct EventDraft: Sendable, Equatable {
    public let uid: String
    public let start: UnixTime
    public let end: UnixTime
    /// One line: CR and LF already removed.
    public let title: String
    public let description: String
    public let location: String?
    public let link: String?
    public let organizerName: String
    public let organizerEmail: String
    public let attendeeName: String?
    public let attendeeEmail: String
    public let attendeePhone: String?
    public let campaign: String
    public let bookingID: String
    /// The first booking of the chain of moves: the event keeps its UID (and file) across moves.
    public let lineage: String
    public let meetingType: MeetingType

    /// Renders the plan's invite for a recipient. Titles lose CR/LF; values are never re-read as tokens.
    public static func make(plan: Plan, recipient: Recipient, bookingID: String, lineage: String? = nil, start: UnixTime,
                            end: UnixTime) throws(TemplateRenderError) -> EventDraft {
        let values = TemplateValues.values(plan: plan, recipient: recipient)
        let title = try plan.booking.invite.title.render(values) { oneLine($0) }
        let description = try plan.booking.invite.description.render(values)
        let m = plan.booking.meeting
        let location: String?
        switch m.type {
        case .inPerson: location = m.address
        case .phone: location = recipient.phone.map { "Phone: \($0)" }
        case .video: location = m.link
        }
        return EventDraft(
            uid: "\(lineage ?? bookingID)@slotplan", start: start, end: end, title: title, description: description, location: location,
            link: m.type == .video ? m.link : nil, organizerName: plan.booking.calendarOwner.name,
            organizerEmail: plan.booking.calendarOwner.email, attendeeName: recipient.fullName.map(oneLine),
            attendeeEmail: oneLine(recipient.email), attendeePhone: recipient.phone.map(oneLine), campaign: plan.campaign.id,
            bookingID: bookingID, lineage: lineage ?? bookingID, meetingType: m.type)
    }

    /// CR and LF (and other line breaks) become spaces: a title is one line wherever it goes.
    public static func oneLine(_ s: String) -> String {
        String(s.map { $0.isNewline ? " " : $0 })
    }
}

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
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//slotplan//booking//EN", "METHOD:REQUEST", "BEGIN:VEVENT",
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
