import Availability
import PlanModel

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
