/// Preview as an iCalendar file a calendar imports: one free (transparent) event per slot.
enum PreviewCalendar {
    static func text(_ s: String) -> String { ICalendarText.escape(s) }
    static func fold(_ line: String) -> String { ICalendarText.fold(line) }

    static func ics(_ p: Preview) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//slotplan//preview//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
                     "X-WR-CALNAME:" + text("slotplan preview: \(p.campaignName)"), "X-WR-TIMEZONE:" + p.timezone]
        for s in p.slots {
            lines += [
                "BEGIN:VEVENT",
                "UID:\(p.campaignID)-\(ICalendarText.utcStamp(s.start))@slotplan.preview",
                "DTSTAMP:\(ICalendarText.utcStamp(p.now))",
                "DTSTART:\(ICalendarText.utcStamp(s.start))",
                "DTEND:\(ICalendarText.utcStamp(s.end))",
                "SUMMARY:" + text("Offered: \(p.campaignName)"),
                "DESCRIPTION:" + text("The AI would say: \(s.offer)"),
                "TRANSP:TRANSPARENT",
                "STATUS:TENTATIVE",
                "END:VEVENT",
            ]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined()
    }
}
