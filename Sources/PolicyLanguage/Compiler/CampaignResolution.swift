import Foundation
import PlanModel

extension WorkspaceResolver {
    /// Checks one campaign against the workspace and builds its plan (nil when it cannot be built).
    mutating func resolve(_ c: CampaignDeclaration) -> Plan? {
        let owner = member(c.owner, role: "owner")
        let calendarOwnerRef = c.calendarOwner ?? c.owner
        let calendarOwner = c.calendarOwner == nil ? owner : member(calendarOwnerRef, role: "calendar_owner")
        checkMeetingPlace(c)

        var selection: ProviderSelection?
        if let calendarOwner {
            if let chosen = Self.selection(for: calendarOwner) {
                selection = ProviderSelection(provider: chosen.provider, reason: chosen.reason)
                if c.enabled, let connection = calendarOwner.connections.first(where: { $0.provider == chosen.provider }) {
                    checkConnection(connection, of: calendarOwner, campaign: c)
                }
            } else if c.enabled {
                bag.add(Diagnostic(
                    .noConnectedCalendar, "booking is enabled but \(calendarOwner.id.value) has no connected calendar",
                    at: calendarOwnerRef.range, label: "no Google or Outlook connection",
                    notes: [DiagnosticNote("the AI will never offer to book")],
                    help: "connect a calendar under `members.\(calendarOwner.id.value).calendars`, choose another `calendar_owner`, or set `enabled: false`"))
            }
        }

        let schedule = resolveSchedule(c, calendarOwner: calendarOwner, selection: selection)
        checkTimes(c, schedule: schedule)

        guard buildPlans, let owner, let calendarOwner else { return nil }
        let connections = calendarOwner.connections.sorted { $0.provider < $1.provider }.map {
            CalendarConnection(provider: $0.provider, account: $0.account.value, accountType: $0.accountType,
                               calendar: $0.calendar, timezone: $0.timezone.value, connectedAt: $0.connectedAtText,
                               status: $0.status.value)
        }
        let message = { (key: String) in c.messages[key]?.value ?? DocumentDecoder.parsedDefaultMessages[key] ?? Template(literal: "") }
        return Plan(
            campaign: CampaignInfo(id: c.id.value, name: c.name),
            owner: owner.person,
            booking: BookingPolicy(
                enabled: c.enabled, calendarOwner: calendarOwner.person, connections: connections, bookOn: selection,
                meeting: Meeting(minutes: c.meetingMinutes.value, type: c.meetingType.value, address: c.address?.value, link: c.link?.value),
                schedule: schedule, bufferBeforeMinutes: c.bufferBefore, bufferAfterMinutes: c.bufferAfter,
                minimumNoticeMinutes: c.minimumNotice.value, lookAheadDays: c.lookAhead.value / 1440,
                slotStepMinutes: c.slotStep.value, dailyLimit: c.dailyLimit, tentative: c.tentative,
                invite: Invite(title: c.inviteTitle.value, description: c.inviteDescription.value),
                holdMinutes: c.holdMinutes, offering: c.offering),
            messages: Messages(
                propose: message("propose"), askEmail: message("ask_email"), readback: message("readback"),
                offer: message("offer"), booked: message("booked"), taken: message("taken"),
                rescheduled: message("rescheduled")))
    }

    private mutating func checkConnection(_ connection: ConnectionDeclaration, of member: MemberDeclaration, campaign c: CampaignDeclaration) {
        if connection.status.value == .expired {
            bag.add(Diagnostic(
                .expiredConnection, "\(member.id.value)'s \(connection.provider.rawValue) connection has expired; campaign `\(c.id.value)` will not book",
                at: connection.status.range, label: "expired",
                notes: [DiagnosticNote("booking is skipped until it is reconnected; the campaign keeps calling", at: c.calendarOwner?.range ?? c.owner.range)],
                help: "reconnect \(connection.provider.rawValue) for \(member.id.value) and set `status: active`"))
        }
        if connection.provider == .outlook, connection.accountType == .personal, c.meetingType.value == .video, c.link == nil {
            bag.add(Diagnostic(
                .personalOutlookVideo, "video meeting booked on a personal Outlook account carries no video link",
                at: c.meetingType.range, label: "Outlook.com cannot create Teams meetings",
                notes: [DiagnosticNote("\(member.id.value) books on \(connection.account.value) (personal)", at: connection.keyRange)],
                help: "set `meeting.link` to a fixed video link, connect a work account, or use `type: phone`"))
        }
    }

    private mutating func checkMeetingPlace(_ c: CampaignDeclaration) {
        let type = c.meetingType.value
        if type == .inPerson && c.address == nil && c.enabled {
            bag.add(Diagnostic(.addressRequired, "an in-person meeting needs an address", at: c.meetingType.range,
                               label: "type is in_person", help: "add `address: 221B Baker St, London` under `meeting`"))
        }
        if type != .inPerson, let address = c.address {
            bag.add(Diagnostic(.addressRefused, "`address` is only for in-person meetings; this one is \(type.rawValue)",
                               at: address.range, label: "not used for \(type.rawValue)",
                               help: "remove `address`, or set `type: in_person`"))
        }
        if type != .video, let link = c.link {
            bag.add(Diagnostic(.linkRefused, "`link` is only for video meetings; this one is \(type.rawValue)",
                               at: link.range, label: "not used for \(type.rawValue)", help: "remove `link`, or set `type: video`"))
        }
        guard c.address == nil || c.link == nil else { return }
        checkMeetingTokens(c.inviteTitle, "invite.title", c)
        checkMeetingTokens(c.inviteDescription, "invite.description", c)
        for (key, template) in c.messages { checkMeetingTokens(template, "messages.\(key)", c) }
    }

    /// `<meeting.address>` / `<meeting.link>` without fallback in a campaign that has none.
    private mutating func checkMeetingTokens(_ template: Located<Template>, _ key: String, _ c: CampaignDeclaration) {
        for part in template.value.parts {
            guard case .token(let path, nil) = part,
                  (path == "meeting.address" && c.address == nil) || (path == "meeting.link" && c.link == nil) else { continue }
            bag.add(Diagnostic(
                .tokenNotInContext, "`<\(path)>` in `\(key)` has no value in this campaign", at: template.range,
                label: "the meeting has no \(path.dropFirst(8))",
                help: "add a fallback, `<\(path) ?? \"…\">`, or set `meeting.\(path.dropFirst(8))`"))
        }
    }
}
