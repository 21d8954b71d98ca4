import Booking
import Calendars
import Connections
import Foundation
import PlanModel

extension Runtime {
    /// With a connection store: the provider that books for the plan's calendar owner and whether
    /// its connection is alive (DESIGN §3, §10) — `book_on` when that connection is active in the
    /// store, else the most recently connected active one; none active: booking is skipped,
    /// naming the member, the provider and the command that reconnects. Without a store: nil
    /// (the team file's recorded status decides, tokens come from the environment).
    func storedChoice(_ plan: Plan) async throws(RuntimeError) -> ConnectionChoice? {
        try await Self.storedChoice(plan, tokens: tokens, calendar: calendar)
    }

    static func storedChoice(_ plan: Plan, tokens: AccessTokens?, calendar: CalendarLocation) async throws(RuntimeError) -> ConnectionChoice? {
        guard let tokens, plan.booking.enabled, calendar.kind == .auto || calendar.kind == .google || calendar.kind == .outlook else { return nil }
        let member = plan.booking.calendarOwner.id
        // The member's rows of the providers the team file declares (a key lookup each, not the table).
        var stored: [ConnectionRecord] = []
        for provider in Set(plan.booking.connections.map(\.provider)).sorted() {
            do {
                if let record = try await tokens.store.records.connection(member: member, provider: provider) { stored.append(record) }
            } catch {
                throw RuntimeError(.failed, field: "store", "cannot read the connection store: \(error)")
            }
        }
        // An explicit google: or outlook: calendar books on that provider; auto chooses.
        let wanted: [CalendarProvider]
        switch calendar.kind {
        case .google: wanted = [.google]
        case .outlook: wanted = [.outlook]
        default:
            let bookOn = plan.booking.bookOn.flatMap { $0.reason == .bookOn ? $0.provider : nil }
            let byRecency = stored.sorted { $0.connectedAt > $1.connectedAt }.map(\.provider)
            wanted = (bookOn.map { [$0] } ?? []) + byRecency.filter { $0 != bookOn }
        }
        if let live = wanted.lazy.compactMap({ p in stored.first { $0.provider == p && $0.status == .active } }).first {
            return ConnectionChoice(provider: live.provider, skip: nil, outlookAccountType: live.accountType.flatMap(OutlookAccountType.init(rawValue:)))
        }
        if let dead = wanted.compactMap({ p in stored.first { $0.provider == p } }).first {
            let reason = ConnectionExpired(member: member, provider: dead.provider, reason: dead.expiredReason ?? "expired")
            return ConnectionChoice(provider: dead.provider, skip: Refusal(.connectionExpired, reason.description))
        }
        let provider = wanted.first ?? plan.booking.connections.first?.provider ?? .google
        return ConnectionChoice(provider: provider, skip: Refusal(.noConnection, """
            \(member) has no stored \(provider.rawValue) connection; booking is skipped until one is added: \
            slotplan connect \(provider.rawValue) --member \(member)
            """))
    }

    /// The stored connection's access tokens for the calendar client, when the store chose it and
    /// the environment does not give a token of its own.
    func tokenSource(_ plan: Plan, provider: CalendarProvider?) -> AccessTokenSource? {
        Self.tokenSource(plan, provider: provider, tokens: tokens)
    }

    static func tokenSource(_ plan: Plan, provider: CalendarProvider?, tokens: AccessTokens?) -> AccessTokenSource? {
        guard let tokens, let provider else { return nil }
        let member = plan.booking.calendarOwner.id
        return AccessTokenSource(refreshable: true, token: { refresh in
            do { return try await tokens.token(member: member, provider: provider, refresh: refresh) } catch let expired as ConnectionExpired {
                throw BookingSkippedError(Refusal(.connectionExpired, expired.description))
            }
        }, rejected: { reason in
            try await tokens.rejected(member: member, provider: provider, reason: reason)
            throw BookingSkippedError(Refusal(.connectionExpired, ConnectionExpired(member: member, provider: provider, reason: reason).description))
        })
    }
}

extension DryRun {
    /// The live calendar's busy time for a dry run (`preview --calendar`, `explain --calendar`):
    /// read only, on the connection the store chooses when there is one. A calendar that cannot
    /// be read is unknown (its failure is in the answer), never free.
    public static func liveBusy(plan: Plan, calendar: CalendarLocation, environment: [String: String], tokens: AccessTokens?,
                                now: UnixTime) async throws(RuntimeError) -> BusyTime {
        let choice = try await Runtime.storedChoice(plan, tokens: tokens, calendar: calendar)
        if let skip = choice?.skip { throw RuntimeError(.bookingSkipped, field: "calendar", skip.message) }
        let opened = try calendar.open(plan: plan, environment: environment, provider: choice?.provider,
                                       tokens: Runtime.tokenSource(plan, provider: choice?.provider, tokens: tokens),
                                       accountType: choice?.outlookAccountType)
        let zone = plan.booking.schedule?.timezone ?? "UTC", (from, to) = BookingService.horizon(plan, now: now)
        do {
            return try await opened.freeBusy(from: from, to: to, floatingZone: zone, excludingBooking: nil)
        } catch let skip as BookingSkippedError {
            throw RuntimeError(.bookingSkipped, field: "calendar", skip.refusal.message)
        } catch {
            return BusyTime(failures: ["\(calendar.kind.rawValue): \(error)"])
        }
    }
}
