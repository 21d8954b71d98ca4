import Foundation
import Plan

/// A calendar connection as declared in a Team document.
struct ConnectionDeclaration: Sendable {
    let provider: CalendarProvider
    let keyRange: SourceRange
    let account: Located<String>
    let accountType: OutlookAccountType?
    let calendar: String
    let timezone: Located<String>
    let connectedAt: Located<Date>
    let connectedAtText: String
    let status: Located<ConnectionStatus>
}

/// A team member as declared in a Team document.
struct MemberDeclaration: Sendable {
    let id: Located<String>
    let name: String
    let email: String
    let connections: [ConnectionDeclaration]
    let bookOn: Located<CalendarProvider>?

    var person: Person { Person(id: id.value, name: name, email: email) }
}

/// The windows of one day key (`mon-fri: [...]`).
struct DayHoursDeclaration: Sendable {
    let days: [Weekday]
    let key: Located<String>
    let windows: [Located<Window>]
}

/// One `dates:` entry; no windows means closed.
struct DateOverrideDeclaration: Sendable {
    let date: Located<String>
    let windows: [Located<Window>]
}

/// A Schedule document, or an inline `availability:` mapping.
struct ScheduleDeclaration: Sendable {
    let id: Located<String>?
    let timezone: Located<String>?
    let weekly: [DayHoursDeclaration]
    let dates: [DateOverrideDeclaration]
    /// The `kind:` line of the document, or the `availability:` key.
    let anchor: SourceRange
    /// True when part of it was malformed (and reported): checks of its hours would only repeat that.
    let hadErrors: Bool
}

/// Where a campaign's hours come from.
enum AvailabilityDeclaration: Sendable {
    case named(Located<String>)
    case inline(ScheduleDeclaration)
    /// Given but malformed (already reported).
    case invalid
}

/// A Campaign document.
struct CampaignDeclaration: Sendable {
    let id: Located<String>
    let name: String
    let owner: Located<String>
    let anchor: SourceRange
    let enabled: Bool
    let calendarOwner: Located<String>?
    let meetingMinutes: Located<Int>
    let meetingType: Located<MeetingType>
    let address: Located<String>?
    let link: Located<String>?
    let availability: AvailabilityDeclaration?
    let bookingAnchor: SourceRange
    let bufferBefore: Int
    let bufferAfter: Int
    let minimumNotice: Located<Int>
    let lookAhead: Located<Int>
    let slotStep: Located<Int>
    let dailyLimit: Int?
    let tentative: TentativePolicy
    let inviteTitle: Located<Template>
    let inviteDescription: Located<Template>
    let messages: [String: Located<Template>]
}

/// Everything decoded from a workspace, before references are resolved.
struct WorkspaceDeclarations: Sendable {
    var members: [MemberDeclaration] = []
    var teamAnchors: [SourceRange] = []
    var schedules: [ScheduleDeclaration] = []
    var campaigns: [CampaignDeclaration] = []

    /// Adds another file's declarations after these.
    mutating func append(_ other: WorkspaceDeclarations) {
        members += other.members
        teamAnchors += other.teamAnchors
        schedules += other.schedules
        campaigns += other.campaigns
    }
}
