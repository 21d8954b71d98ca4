import Foundation
import PlanModel

/// Resolves references across the workspace, runs the policy checks, and builds the plans.
struct WorkspaceResolver: Sendable {
    let declarations: WorkspaceDeclarations
    var bag = DiagnosticBag()
    var members: [String: MemberDeclaration] = [:]
    var schedules: [String: ScheduleDeclaration] = [:]
    var usedSchedules: Set<String> = []

    /// False when only the diagnostics are wanted.
    let buildPlans: Bool

    init(declarations: WorkspaceDeclarations, buildPlans: Bool = true) {
        self.declarations = declarations
        self.buildPlans = buildPlans
    }

    mutating func resolve() -> [Plan] {
        for member in declarations.members {
            if let first = members[member.id.value] {
                bag.add(Diagnostic(.duplicateMember, "member `\(member.id.value)` is defined twice", at: member.id.range,
                                   label: "second definition", notes: [DiagnosticNote("first defined here", at: first.id.range)],
                                   help: "keep one definition; member ids are unique across all Team files"))
                continue
            }
            members[member.id.value] = member
            checkBookOn(member)
        }
        for schedule in declarations.schedules {
            guard let id = schedule.id else { continue }
            if let first = schedules[id.value], let firstID = first.id {
                bag.add(Diagnostic(.duplicateScheduleID, "schedule id `\(id.value)` is used twice", at: id.range,
                                   label: "second schedule", notes: [DiagnosticNote("first defined here", at: firstID.range)],
                                   help: "rename one of them; campaigns refer to schedules by id"))
                continue
            }
            schedules[id.value] = schedule
            checkWeeklyAcrossMidnight(schedule)
            checkOverridesOnClosedDays(schedule)
        }
        if declarations.teamAnchors.isEmpty, let first = declarations.campaigns.first {
            bag.add(Diagnostic(.noTeam, "the workspace has no Team document", at: first.owner.range,
                               label: "owner cannot be resolved",
                               help: "add a file with `kind: Team` listing the members, or check the whole folder instead of single files"))
        }
        var unique: [CampaignDeclaration] = []
        var campaignIDs: [String: SourceRange] = [:]
        for campaign in declarations.campaigns {
            if let first = campaignIDs[campaign.id.value] {
                bag.add(Diagnostic(.duplicateCampaignID, "campaign id `\(campaign.id.value)` is used twice", at: campaign.id.range,
                                   label: "second campaign", notes: [DiagnosticNote("first campaign with this id", at: first)],
                                   help: "give each campaign its own `id:` (it defaults to the file name)"))
                continue
            }
            campaignIDs[campaign.id.value] = campaign.id.range
            unique.append(campaign)
        }
        // Campaigns resolve independently against the now complete members and schedules.
        let shared = self
        let outcomes = ParallelWork.map(unique) { campaign in
            var resolver = shared
            resolver.bag = DiagnosticBag()
            resolver.usedSchedules = []
            let plan = resolver.resolve(campaign)
            return (plan, resolver.bag.all, resolver.usedSchedules)
        }
        var plans: [Plan] = []
        for (plan, diagnostics, used) in outcomes {
            if let plan { plans.append(plan) }
            bag.add(contentsOf: diagnostics)
            usedSchedules.formUnion(used)
        }
        for schedule in declarations.schedules {
            guard let id = schedule.id, !usedSchedules.contains(id.value), schedules[id.value]?.anchor == schedule.anchor else { continue }
            bag.add(Diagnostic(.unusedSchedule, "schedule `\(id.value)` is not used by any campaign", at: id.range,
                               label: "unused", help: "refer to it with `availability: \(id.value)` or remove it"))
        }
        return plans
    }

    mutating func member(_ reference: Located<String>, role: String) -> MemberDeclaration? {
        if let found = members[reference.value] { return found }
        if declarations.teamAnchors.isEmpty { return nil }
        let suggestion = DidYouMean.suggestion(for: reference.value, among: members.keys.sorted())
        bag.add(Diagnostic(
            .unknownMember, "\(role) `\(reference.value)` is not a team member", at: reference.range,
            label: "not in any Team file",
            notes: [DiagnosticNote("members: \(members.keys.sorted().joined(separator: ", "))")],
            help: suggestion.map { "did you mean `\($0)`?" } ?? "add `\(reference.value)` to the Team file, or use an existing member id",
            fixIts: suggestion.map { [FixIt(range: reference.range, replacement: $0)] } ?? []))
        return nil
    }

    private mutating func checkBookOn(_ member: MemberDeclaration) {
        guard let bookOn = member.bookOn, !member.connections.contains(where: { $0.provider == bookOn.value }) else { return }
        let fallback = Self.selection(for: member)
        bag.add(Diagnostic(
            .bookOnNotConnected, "`book_on: \(bookOn.value.rawValue)` but \(member.id.value) has no \(bookOn.value.rawValue) connection",
            at: bookOn.range, label: "not connected",
            help: fallback.map { "booking falls back to \($0.provider.rawValue), the most recent connection; connect \(bookOn.value.rawValue) or change `book_on`" }
                ?? "connect \(bookOn.value.rawValue) under `calendars:`, or remove `book_on`"))
    }

    /// `book_on` when that provider is connected, otherwise the latest `connected_at`.
    static func selection(for member: MemberDeclaration) -> (provider: CalendarProvider, reason: ProviderSelection.Reason)? {
        if let bookOn = member.bookOn, member.connections.contains(where: { $0.provider == bookOn.value }) {
            return (bookOn.value, .bookOn)
        }
        let latest = member.connections.max { a, b in
            (a.connectedAt.value, b.provider.rawValue) < (b.connectedAt.value, a.provider.rawValue)
        }
        return latest.map { ($0.provider, .mostRecent) }
    }

    mutating func checkWeeklyAcrossMidnight(_ schedule: ScheduleDeclaration) {
        let byDay = schedule.windowsByDay
        for day in Weekday.allCases {
            let next = Weekday.allCases[day.isoNumber % 7]
            for late in byDay[day.isoNumber - 1] where late.value.endMinute > 1440 {
                for early in byDay[next.isoNumber - 1] where early.value.startMinute < late.value.endMinute - 1440 {
                    bag.add(Diagnostic(
                        .overlappingWindows, "window \(late.value) of \(day.rawValue) runs past midnight into \(next.rawValue)'s \(early.value)",
                        at: late.range, label: "ends at \(Window.clock(late.value.endMinute - 1440)) on \(next.rawValue)",
                        notes: [DiagnosticNote("\(next.rawValue)'s window", at: early.range)],
                        help: "end the late window earlier or start the next day's window later"))
                }
            }
        }
    }
}
