import Foundation
import PlanModel

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

    /// The windows of each weekday, Monday first (index `isoNumber - 1`), in source order.
    var windowsByDay: [[Located<Window>]] {
        var days = [[Located<Window>]](repeating: [], count: 7)
        for entry in weekly { for day in entry.days { days[day.isoNumber - 1] += entry.windows } }
        return days
    }
}

/// Where a campaign's hours come from.
enum AvailabilityDeclaration: Sendable {
    case named(Located<String>)
    case inline(ScheduleDeclaration)
    /// Given but malformed (already reported).
    case invalid
}

/// A Campaign document.
/// (A class: it is large, immutable, and passed around a lot; copies would only retain its parts.)
final class CampaignDeclaration: Sendable {
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
    /// The messages the campaign sets; the others take `DocumentDecoder.parsedDefaultMessages`.
    let messages: [String: Located<Template>]
    let holdMinutes: Int?
    let offering: Offering

    init(id: Located<String>, name: String, owner: Located<String>, anchor: SourceRange, enabled: Bool, calendarOwner: Located<String>?, meetingMinutes: Located<Int>, meetingType: Located<MeetingType>, address: Located<String>?, link: Located<String>?, availability: AvailabilityDeclaration?, bookingAnchor: SourceRange, bufferBefore: Int, bufferAfter: Int, minimumNotice: Located<Int>, lookAhead: Located<Int>, slotStep: Located<Int>, dailyLimit: Int?, tentative: TentativePolicy, inviteTitle: Located<Template>, inviteDescription: Located<Template>, messages: [String: Located<Template>], holdMinutes: Int?, offering: Offering) {
        self.id = id
        self.name = name
        self.owner = owner
        self.anchor = anchor
        self.enabled = enabled
        self.calendarOwner = calendarOwner
        self.meetingMinutes = meetingMinutes
        self.meetingType = meetingType
        self.address = address
        self.link = link
        self.availability = availability
        self.bookingAnchor = bookingAnchor
        self.bufferBefore = bufferBefore
        self.bufferAfter = bufferAfter
        self.minimumNotice = minimumNotice
        self.lookAhead = lookAhead
        self.slotStep = slotStep
        self.dailyLimit = dailyLimit
        self.tentative = tentative
        self.inviteTitle = inviteTitle
        self.inviteDescription = inviteDescription
        self.messages = messages
        self.holdMinutes = holdMinutes
        self.offering = offering
    }
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
