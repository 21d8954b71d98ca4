import PlanModel
import Availability

/// Stable codes for why a request did not book, move or find what it asked for — the runtime's
/// counterpart of the compiler's `DiagnosticID`. Front ends show them as they are (`slot_taken`,
/// `minimum_notice`); they never change meaning once released.
public enum ReasonCode: String, Sendable, Codable, CaseIterable {
    // The slot rules of DESIGN §5 (the `Explanation.Rule` of each failed check).
    case outsideHours = "outside_hours"
    case offGrid = "off_grid"
    case minimumNotice = "minimum_notice"
    case lookAhead = "look_ahead"
    case inThePast = "in_the_past"
    case busy
    case bufferBefore = "buffer_before"
    case bufferAfter = "buffer_after"
    case ownMeeting = "own_meeting"
    case dailyLimit = "daily_limit"
    case noSchedule = "no_schedule"
    // Booking does not happen for the campaign (the call goes on).
    case bookingDisabled = "booking_disabled"
    case noConnection = "no_connection"
    case connectionExpired = "connection_expired"
    // Busy data that could not be had: unknown, never free.
    case calendarUnavailable = "calendar_unavailable"
    // Failures after the re-check.
    case calendarRefused = "calendar_refused"
    case ledgerFailed = "ledger_failed"
    case inviteUnrenderable = "invite_unrenderable"
    case inProgress = "in_progress"
    case notMovable = "not_movable"
    case otherCampaign = "other_campaign"
    case bookingNotFound = "booking_not_found"
    // Requests refused before anything happened.
    case invalidField = "invalid_field"
    case campaignNotFound = "campaign_not_found"
    /// The runtime could not be set up for the request: plans that do not compile or load,
    /// busy-data files that cannot be read, a ledger that cannot be opened.
    case setupFailed = "setup_failed"

    /// The code of a failed slot rule.
    public init(_ rule: Explanation.Rule) {
        switch rule {
        case .hours: self = .outsideHours
        case .slotGrid: self = .offGrid
        case .minimumNotice: self = .minimumNotice
        case .lookAhead: self = .lookAhead
        case .past: self = .inThePast
        case .busy: self = .busy
        case .bufferBefore: self = .bufferBefore
        case .bufferAfter: self = .bufferAfter
        case .ownMeeting: self = .ownMeeting
        case .dailyLimit: self = .dailyLimit
        case .unavailable: self = .calendarUnavailable
        }
    }
}

/// One reason with its stable code and the sentence a person reads.
public struct Refusal: Sendable, Equatable, Codable, CustomStringConvertible {
    public let code: ReasonCode
    public let message: String

    public init(_ code: ReasonCode, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

/// The store's decision about the connection a campaign books on (DESIGN §10): the provider, and
/// the reason booking is skipped when its connection is expired or missing.
public struct ConnectionChoice: Sendable, Equatable {
    public let provider: CalendarProvider?
    public let skip: Refusal?
    /// Outlook: the account type the provider reported at connect time (a personal Microsoft
    /// account gets no Teams link, whatever the team file says).
    public let outlookAccountType: OutlookAccountType?

    public init(provider: CalendarProvider?, skip: Refusal?, outlookAccountType: OutlookAccountType? = nil) {
        self.provider = provider
        self.skip = skip
        self.outlookAccountType = outlookAccountType
    }
}

/// Thrown by a calendar whose connection died during a request (a refresh answered
/// `invalid_grant`): the booking is skipped, not failed, and the call goes on.
public struct BookingSkippedError: Error, Sendable, CustomStringConvertible {
    public let refusal: Refusal
    public init(_ refusal: Refusal) { self.refusal = refusal }
    public var description: String { refusal.message }
}
