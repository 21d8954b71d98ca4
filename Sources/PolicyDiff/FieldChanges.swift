import Availability
import PlanModel

/// One field of a campaign that differs, in policy terms: its YAML path and both spellings.
public struct FieldChange: Sendable, Equatable, Codable {
    /// The policy path, e.g. `booking.minimum_notice`, `booking.availability.weekly.tue`, `messages.offer`.
    public let path: String
    /// The value in the policy language's spelling (`2h`, `09:00-12:00`); nil where the side has none.
    public let before: String?
    public let after: String?
    /// What a reviewer reads: "minimum notice", "Tuesday", "message `offer`".
    public let label: String
    /// Free text (messages, invite words): shown as a line diff rather than `before → after`.
    public let isText: Bool

    enum CodingKeys: String, CodingKey {
        case path, before, after, label
        case isText = "text"
    }
}

/// The field-by-field comparison of two plans of one campaign.
enum FieldChanges {
    static func between(_ a: Plan, _ b: Plan) -> [FieldChange] {
        var out = Changes()
        func field(_ path: String, _ label: String, _ x: String?, _ y: String?, text: Bool = false) { out.add(path, label, x, y, text: text) }
        let p = a.booking, q = b.booking
        field("name", "name", a.campaign.name, b.campaign.name)
        field("owner", "owner", a.owner.id, b.owner.id)
        field("owner.email", "owner's e-mail", a.owner.email, b.owner.email)
        field("booking.enabled", "booking", p.enabled ? "on" : "off", q.enabled ? "on" : "off")
        field("booking.calendar_owner", "calendar owner", p.calendarOwner.id, q.calendarOwner.id)
        for provider in CalendarProvider.allCases {
            let x = p.connections.first { $0.provider == provider }, y = q.connections.first { $0.provider == provider }
            field("booking.connections.\(provider.rawValue)", "\(provider == .google ? "Google" : "Outlook") connection",
                  x.map(connection), y.map(connection))
        }
        field("booking.book_on", "books on", p.bookOn.map(selection), q.bookOn.map(selection))
        field("booking.meeting.length", "meeting length", minutes(p.meeting.minutes), minutes(q.meeting.minutes))
        field("booking.meeting.type", "meeting type", p.meeting.type.rawValue, q.meeting.type.rawValue)
        field("booking.meeting.address", "meeting address", p.meeting.address, q.meeting.address)
        field("booking.meeting.link", "meeting link", p.meeting.link, q.meeting.link)
        scheduleChanges(p.schedule, q.schedule, into: &out)
        field("booking.buffers.before", "buffer before", minutes(p.bufferBeforeMinutes), minutes(q.bufferBeforeMinutes))
        field("booking.buffers.after", "buffer after", minutes(p.bufferAfterMinutes), minutes(q.bufferAfterMinutes))
        field("booking.minimum_notice", "minimum notice", minutes(p.minimumNoticeMinutes), minutes(q.minimumNoticeMinutes))
        field("booking.look_ahead", "look-ahead", "\(p.lookAheadDays)d", "\(q.lookAheadDays)d")
        field("booking.slot_step", "slot step", minutes(p.slotStepMinutes), minutes(q.slotStepMinutes))
        field("booking.daily_limit", "daily limit", p.dailyLimit.map(String.init) ?? "none", q.dailyLimit.map(String.init) ?? "none")
        field("booking.tentative", "tentative events count as", p.tentative.rawValue, q.tentative.rawValue)
        field("booking.hold", "hold", p.holdMinutes.map(minutes) ?? "none", q.holdMinutes.map(minutes) ?? "none")
        field("booking.offering.count", "offers per lookup", "\(p.offering.count)", "\(q.offering.count)")
        field("booking.offering.spread", "offer spread", p.offering.spread.rawValue, q.offering.spread.rawValue)
        field("booking.invite.title", "invite title", p.invite.title.source, q.invite.title.source, text: true)
        field("booking.invite.description", "invite description", p.invite.description.source, q.invite.description.source, text: true)
        let messages = [
            ("propose", a.messages.propose, b.messages.propose), ("ask_email", a.messages.askEmail, b.messages.askEmail),
            ("readback", a.messages.readback, b.messages.readback), ("offer", a.messages.offer, b.messages.offer),
            ("booked", a.messages.booked, b.messages.booked), ("taken", a.messages.taken, b.messages.taken),
            ("rescheduled", a.messages.rescheduled, b.messages.rescheduled),
        ]
        for (key, x, y) in messages { field("messages.\(key)", "message `\(key)`", x.source, y.source, text: true) }
        return out.list
    }

    /// The changes found so far; a field whose two spellings agree is not one.
    struct Changes {
        var list: [FieldChange] = []
        mutating func add(_ path: String, _ label: String, _ before: String?, _ after: String?, text: Bool = false) {
            if before != after { list.append(FieldChange(path: path, before: before, after: after, label: label, isText: text)) }
        }
    }

    private static func scheduleChanges(_ x: WeeklySchedule?, _ y: WeeklySchedule?, into out: inout Changes) {
        func field(_ path: String, _ label: String, _ a: String?, _ b: String?) { out.add(path, label, a, b) }
        let base = "booking.availability"
        field(base, "availability", x.map { $0.id ?? "inline hours" } ?? "none", y.map { $0.id ?? "inline hours" } ?? "none")
        guard x != nil || y != nil else { return }
        field("\(base).timezone", "time zone", x?.timezone, y?.timezone)
        for (index, day) in Weekday.allCases.enumerated() {
            field("\(base).weekly.\(day.rawValue)", SpokenTime.weekdayNames[index],
                  x.map { windows($0.windows(on: day)) }, y.map { windows($0.windows(on: day)) })
        }
        let before = Dictionary(x?.dates.map { ($0.date, $0.windows) } ?? [], uniquingKeysWith: { a, _ in a })
        let after = Dictionary(y?.dates.map { ($0.date, $0.windows) } ?? [], uniquingKeysWith: { a, _ in a })
        for date in Set(before.keys).union(after.keys).sorted() {
            field("\(base).dates.\(date)", date, before[date].map(windows) ?? "weekly hours", after[date].map(windows) ?? "weekly hours")
        }
    }

    private static func minutes(_ m: Int) -> String { DurationText.format(minutes: m) }

    private static func windows(_ list: [Window]) -> String {
        list.isEmpty ? "closed" : list.map(\.description).joined(separator: ", ")
    }

    private static func connection(_ c: CalendarConnection) -> String {
        var parts = [c.account, c.calendar, c.timezone]
        if let type = c.accountType { parts.append(type.rawValue) }
        parts.append(c.status.rawValue)
        return parts.joined(separator: ", ")
    }

    private static func selection(_ s: ProviderSelection) -> String {
        "\(s.provider.rawValue) (\(s.reason == .bookOn ? "book_on" : "most recently connected"))"
    }
}
