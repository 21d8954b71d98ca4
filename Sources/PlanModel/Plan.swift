/// The immutable compiled form of one campaign: everything the runtime needs, nothing of the YAML.
///
/// A plan is produced by the policy compiler and read back by `PlanCodec`. Its JSON encoding is
/// canonical (sorted keys, integers only), so the same policy gives the same bytes on any machine.
public struct Plan: Codable, Sendable, Equatable {
    /// The format identifier written into every plan file.
    public static let currentFormat = "slotplan.plan/2"

    public let format: String
    public let campaign: CampaignInfo
    public let owner: Person
    public let booking: BookingPolicy
    public let messages: Messages
    /// `sha256:<hex>` over the canonical encoding of the plan without this field; set by `PlanCodec`.
    public let contentHash: String?

    public init(
        campaign: CampaignInfo, owner: Person, booking: BookingPolicy, messages: Messages,
        contentHash: String? = nil
    ) {
        self.format = Plan.currentFormat
        self.campaign = campaign
        self.owner = owner
        self.booking = booking
        self.messages = messages
        self.contentHash = contentHash
    }

    /// A copy of this plan carrying the given content hash.
    public func withContentHash(_ hash: String?) -> Plan {
        Plan(campaign: campaign, owner: owner, booking: booking, messages: messages, contentHash: hash)
    }

    enum CodingKeys: String, CodingKey {
        case format, campaign, owner, booking, messages
        case contentHash = "content_hash"
    }
}

/// The campaign's identity.
public struct CampaignInfo: Codable, Sendable, Equatable {
    public let id: String
    public let name: String
    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// A team member as the plan needs them: id, display name and e-mail.
public struct Person: Codable, Sendable, Equatable {
    public let id: String
    public let name: String
    public let email: String
    public init(id: String, name: String, email: String) {
        self.id = id
        self.name = name
        self.email = email
    }
}

/// How a campaign books: who, what, when and with which words.
public struct BookingPolicy: Codable, Sendable, Equatable {
    public let enabled: Bool
    public let calendarOwner: Person
    /// Every calendar connection of the calendar owner, sorted by provider.
    public let connections: [CalendarConnection]
    /// The connection events are written to; nil when the calendar owner has none.
    public let bookOn: ProviderSelection?
    public let meeting: Meeting
    /// The hours offered; nil only when booking is disabled and no availability was given.
    public let schedule: WeeklySchedule?
    public let bufferBeforeMinutes: Int
    public let bufferAfterMinutes: Int
    public let minimumNoticeMinutes: Int
    public let lookAheadDays: Int
    public let slotStepMinutes: Int
    public let dailyLimit: Int?
    public let tentative: TentativePolicy
    public let invite: Invite
    /// How long an offered slot may be held for the call that heard it (`booking.hold`); nil: no holds.
    public let holdMinutes: Int?
    /// How many offers a lookup returns by default, and whether from different days.
    public let offering: Offering

    public init(
        enabled: Bool, calendarOwner: Person, connections: [CalendarConnection],
        bookOn: ProviderSelection?, meeting: Meeting, schedule: WeeklySchedule?,
        bufferBeforeMinutes: Int, bufferAfterMinutes: Int, minimumNoticeMinutes: Int,
        lookAheadDays: Int, slotStepMinutes: Int, dailyLimit: Int?, tentative: TentativePolicy,
        invite: Invite, holdMinutes: Int? = nil, offering: Offering = Offering()
    ) {
        self.enabled = enabled
        self.calendarOwner = calendarOwner
        self.connections = connections
        self.bookOn = bookOn
        self.meeting = meeting
        self.schedule = schedule
        self.bufferBeforeMinutes = bufferBeforeMinutes
        self.bufferAfterMinutes = bufferAfterMinutes
        self.minimumNoticeMinutes = minimumNoticeMinutes
        self.lookAheadDays = lookAheadDays
        self.slotStepMinutes = slotStepMinutes
        self.dailyLimit = dailyLimit
        self.tentative = tentative
        self.invite = invite
        self.holdMinutes = holdMinutes
        self.offering = offering
    }

    enum CodingKeys: String, CodingKey {
        case enabled, connections, meeting, schedule, tentative, invite
        case calendarOwner = "calendar_owner"
        case bookOn = "book_on"
        case bufferBeforeMinutes = "buffer_before_minutes"
        case bufferAfterMinutes = "buffer_after_minutes"
        case minimumNoticeMinutes = "minimum_notice_minutes"
        case lookAheadDays = "look_ahead_days"
        case slotStepMinutes = "slot_step_minutes"
        case dailyLimit = "daily_limit"
        case holdMinutes = "hold_minutes"
        case offering
    }
}

/// The default shape of an offers lookup (`booking.offering`).
public struct Offering: Codable, Sendable, Equatable {
    /// Offers per lookup when the request does not say (1…10; default 3).
    public let count: Int
    /// `days`: each offer from a different owner-local day; `none`: earliest first.
    public let spread: OfferSpread

    public init(count: Int = 3, spread: OfferSpread = .none) {
        self.count = count
        self.spread = spread
    }
}

/// Whether the offers of one lookup come from different days.
public enum OfferSpread: String, Codable, Sendable, CaseIterable {
    case none, days
}

/// A calendar provider a team member can connect.
public enum CalendarProvider: String, Codable, Sendable, CaseIterable, Comparable {
    case google, outlook
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Microsoft account flavour: Microsoft 365 (`work`) or Outlook.com (`personal`).
public enum OutlookAccountType: String, Codable, Sendable, CaseIterable {
    case work, personal
}

/// Whether a stored connection still works.
public enum ConnectionStatus: String, Codable, Sendable, CaseIterable {
    case active, expired
}

/// One connected calendar of a team member (never a secret).
public struct CalendarConnection: Codable, Sendable, Equatable {
    public let provider: CalendarProvider
    public let account: String
    /// Only for Outlook.
    public let accountType: OutlookAccountType?
    /// The calendar id; `primary` (Google) or `Calendar` (Outlook) when the YAML gave none.
    public let calendar: String
    public let timezone: String
    /// RFC 3339 UTC instant, e.g. `2026-10-01T14:03:00Z`.
    public let connectedAt: String
    public let status: ConnectionStatus

    public init(
        provider: CalendarProvider, account: String, accountType: OutlookAccountType?, calendar: String,
        timezone: String, connectedAt: String, status: ConnectionStatus
    ) {
        self.provider = provider
        self.account = account
        self.accountType = accountType
        self.calendar = calendar
        self.timezone = timezone
        self.connectedAt = connectedAt
        self.status = status
    }

    enum CodingKeys: String, CodingKey {
        case provider, account, calendar, timezone, status
        case accountType = "account_type"
        case connectedAt = "connected_at"
    }
}

/// Which connection booking uses, and why.
public struct ProviderSelection: Codable, Sendable, Equatable {
    /// Why this provider: `book_on` (the member's selector) or `most_recent` (latest `connected_at`).
    public enum Reason: String, Codable, Sendable {
        case bookOn = "book_on"
        case mostRecent = "most_recent"
    }
    public let provider: CalendarProvider
    public let reason: Reason
    public init(provider: CalendarProvider, reason: Reason) {
        self.provider = provider
        self.reason = reason
    }
}

/// Kind of meeting booked.
public enum MeetingType: String, Codable, Sendable, CaseIterable {
    case video, phone
    case inPerson = "in_person"
}

/// The meeting booked: its length, type and where it happens.
public struct Meeting: Codable, Sendable, Equatable {
    public let minutes: Int
    public let type: MeetingType
    public let address: String?
    public let link: String?
    public init(minutes: Int, type: MeetingType, address: String?, link: String?) {
        self.minutes = minutes
        self.type = type
        self.address = address
        self.link = link
    }
}

/// How tentative events on the calendar count.
public enum TentativePolicy: String, Codable, Sendable, CaseIterable {
    case busy, free
}

/// The calendar invite's words.
public struct Invite: Codable, Sendable, Equatable {
    public let title: Template
    public let description: Template
    public init(title: Template, description: Template) {
        self.title = title
        self.description = description
    }
}

/// The call script's messages; each is a template over the message catalog.
public struct Messages: Codable, Sendable, Equatable {
    public let propose: Template
    public let askEmail: Template
    public let readback: Template
    public let offer: Template
    public let booked: Template
    public let taken: Template
    public let rescheduled: Template

    public init(
        propose: Template, askEmail: Template, readback: Template, offer: Template, booked: Template,
        taken: Template, rescheduled: Template
    ) {
        self.propose = propose
        self.askEmail = askEmail
        self.readback = readback
        self.offer = offer
        self.booked = booked
        self.taken = taken
        self.rescheduled = rescheduled
    }

    enum CodingKeys: String, CodingKey {
        case propose, readback, offer, booked, taken, rescheduled
        case askEmail = "ask_email"
    }
}
