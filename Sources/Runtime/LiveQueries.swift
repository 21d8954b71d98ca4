import Availability
import Booking
import PlanModel

/// An explanation against the live calendar, as every front end answers it.
public struct ExplainOutcome: Sendable, Equatable, Codable {
    public struct Check: Sendable, Equatable, Codable {
        public let rule: String
        public let passed: Bool
        public let text: String
    }

    public let at: String
    public let offered: Bool
    public let planHash: String
    public let checks: [Check]
    public let nextOffered: [Offer]

    enum CodingKeys: String, CodingKey {
        case at, offered, checks
        case planHash = "plan_hash"
        case nextOffered = "next_offered"
    }
}

extension Runtime {
    /// The booking with this id; a database failure is `failed`, never "no such booking".
    public func booking(id: String) async throws(RuntimeError) -> BookingRecord {
        BookingRecord(try await entry(id: id))
    }

    /// The ledger entry of booking `id`: a database failure is `failed`, none is `not_found`.
    func entry(id: String) async throws(RuntimeError) -> LedgerEntry {
        try RequestChecks.identifier(id, field: "booking_id")
        let found: LedgerEntry?
        do { found = try await ledger.entry(id: id) } catch { throw RuntimeError(.failed, "cannot look up booking \(id): \(error)") }
        guard let entry = found else { throw RuntimeError(.notFound, field: "booking_id", "no booking \(id)") }
        return entry
    }

    /// Whether a meeting starting `at` is offered now, rule by rule, against the cached calendar
    /// and the ledger.
    public func explain(campaign: String, at: UnixTime, now: UnixTime) async throws(RuntimeError) -> ExplainOutcome {
        let plan = try plans.plan(campaign)
        let service = try await service(plan, now: now)
        let explanation: Explanation
        do {
            let calendarBusy = await busyCache.busy(key: cacheKey(service)) { try await service.fetchCalendarBusy(now: now) }
            let (engine, busy, own) = try await service.evaluate(now: now, excludingLineage: nil, calendarBusy: calendarBusy)
            explanation = engine.explain(at: at, now: now, freeBusy: busy, bookings: own)
        } catch {
            throw RuntimeError(.failed, "\(error)")
        }
        let messages = SpokenMessages(plan: plan, engine: service.engine, now: now, recipient: nil, prepared: prepared)
        return ExplainOutcome(
            at: Timestamp.utc(at), offered: explanation.offered, planHash: plan.contentHash ?? "",
            checks: explanation.checks.map { .init(rule: $0.rule.rawValue, passed: $0.passed, text: $0.text) },
            nextOffered: messages.offers(explanation.nextOffered, signer: offerSigner, planHash: plan.contentHash ?? ""))
    }

    /// The busy-cache key of a service's calendar over its plan's range.
    func cacheKey(_ service: BookingService) -> String {
        let b = service.plan.booking
        return "\(calendar.kind.rawValue):\(calendar.rest)|\(service.calendarKey ?? "")|\(b.lookAheadDays)|\(b.schedule?.timezone ?? "UTC")"
    }
}
