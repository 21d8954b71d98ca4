/// Where a template is used; each context has its own catalog of token paths.
public enum TemplateContext: Sendable {
    /// The calendar invite's title and description.
    case invite
    /// A message of the call script.
    case message

    /// Paths available in every context.
    public static let commonPaths = [
        "recipient.firstName", "recipient.lastName", "recipient.fullName", "recipient.email",
        "recipient.phone", "recipient.company", "campaign.id", "campaign.name", "owner.name",
        "owner.email", "meeting.length", "meeting.minutes", "meeting.type", "meeting.address",
        "meeting.link",
    ]

    /// Paths available only in messages.
    public static let messageOnlyPaths = [
        "slot.ownerTime", "slot.recipientTime", "slot.recipientClause", "slot.date", "slot.ownerZone",
        "email.spoken",
    ]

    /// The paths this context accepts.
    public var paths: [String] {
        switch self {
        case .invite: return Self.commonPaths
        case .message: return Self.commonPaths + Self.messageOnlyPaths
        }
    }
}
