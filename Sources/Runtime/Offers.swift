import Availability
import Booking
import Foundation
import PlanModel

/// A lookup of the slots to offer on a call (DESIGN §9 `offers`, §11 `find_slots`).
public struct OffersRequest: Sendable, Equatable {
    /// Parts of the day, read in the recipient's zone because the caller says them.
    public enum PartOfDay: String, Sendable, CaseIterable {
        case morning, afternoon, evening

        /// Local minutes `[from, to)`: morning 05–12, afternoon 12–17, evening 17–21.
        var minutes: Range<Int> {
            switch self {
            case .morning: return 300..<720
            case .afternoon: return 720..<1020
            case .evening: return 1020..<1260
            }
        }
    }

    public let campaign: String
    public let callID: String?
    public let phone: String?
    public let timezone: String?
    public let count: Int?
    public let after: UnixTime?
    public let before: UnixTime?
    public let weekdays: [Weekday]
    public let partOfDay: PartOfDay?
    /// Hold the first offer for this call (`booking.hold`).
    public let hold: Bool

    public init(campaign: String, callID: String? = nil, phone: String? = nil, timezone: String? = nil, count: Int? = nil,
                after: UnixTime? = nil, before: UnixTime? = nil, weekdays: [Weekday] = [], partOfDay: PartOfDay? = nil, hold: Bool = false) {
        self.campaign = campaign
        self.callID = callID
        self.phone = phone
        self.timezone = timezone
        self.count = count
        self.after = after
        self.before = before
        self.weekdays = weekdays
        self.partOfDay = partOfDay
        self.hold = hold
    }

    public func validated() throws(RuntimeError) -> OffersRequest {
        try RequestChecks.identifier(campaign, field: "campaign")
        if let callID { try RequestChecks.text(callID, field: "call_id", limit: FieldLimits.identifier) }
        if let phone { try RequestChecks.phone(phone) }
        if let timezone, !ZoneNames.isIANA(timezone) { throw .invalid("recipient.timezone", "\(timezone): not an IANA time zone (e.g. America/Chicago)") }
        if let count, !(1...20).contains(count) { throw .invalid("count", "must be between 1 and 20") }
        if let after, let before, after >= before { throw .invalid("before", "must be later than `after`") }
        if hold && callID == nil { throw .invalid("call_id", "a hold is for a call: give its `call_id`") }
        return self
    }
}

/// The recipient's zone as an answer states it.
public struct RecipientAnswer: Sendable, Equatable, Codable {
    public let timezone: String
    public let source: String
    public let candidates: [String]

    init(_ zone: RecipientZone) {
        timezone = zone.timezone
        source = zone.source.rawValue
        candidates = zone.candidates
    }
}

/// The answer to an offers lookup.
public struct OffersOutcome: Sendable, Equatable, Codable {
    public let now: String
    public let planHash: String
    /// The owner's zone.
    public let timezone: String
    public let recipient: RecipientAnswer
    public let offers: [Offer]

    enum CodingKeys: String, CodingKey {
        case now, timezone, recipient, offers
        case planHash = "plan_hash"
    }
}

extension Runtime {
    /// The offers of a campaign for one call, from the busy cache: filtered by time, weekday and
    /// part of day in the recipient's zone, spread over days when the policy says so. A calendar
    /// that cannot be read answers `calendar_unavailable`, never free time.
    public func offers(_ request: OffersRequest, now: UnixTime) async throws(RuntimeError) -> OffersOutcome {
        let request = try request.validated()
        let plan = try plans.plan(request.campaign)
        let service = try await service(plan, now: now)
        if let reason = service.skipReason { throw RuntimeError(.bookingSkipped, field: "campaign", reason.message) }
        guard !request.hold || plan.booking.holdMinutes != nil else {
            throw .invalid("hold", "campaign \(plan.campaign.id) holds no slots (its policy has no `booking.hold`)")
        }
        let ownerZone = plan.booking.schedule?.timezone ?? "UTC"
        let zone = RecipientTimeZone.resolve(phone: request.phone, explicit: request.timezone, ownerZone: ownerZone)
        let messages = SpokenMessages(plan: plan, engine: service.engine, now: now, recipient: nil, recipientZone: zone.timezone, prepared: prepared)
        let picker = Self.picker(request: request, plan: plan, engine: service.engine, recipientClock: messages.recipientClock)
        let evaluation: SlotEvaluation
        do {
            // The call's own hold does not hide its slot from the call that holds it.
            let ownHold = try await request.callID.asyncFlatMap { try await ledger.entry(idempotencyKey: holdKey(callID: $0)) }
            let calendar = await busyCache.calendar(key: cacheKey(service), tentative: plan.booking.tentative) {
                try await service.fetchCalendarBusy(now: now)
            }
            // Evaluated only until the lookup has its offers.
            evaluation = try await service.offered(now: now, calendar: calendar, excludingLineage: ownHold?.lineage, limit: picker.count,
                                                   where: picker.include)
        } catch {
            throw RuntimeError(.failed, "\(error)")
        }
        if let unavailable = evaluation.unavailable {
            throw RuntimeError(unavailable.isCalendarUnknown ? .calendarUnavailable : .bookingSkipped, unavailable.description)
        }
        let chosen = evaluation.slots
        var offers = messages.offers(chosen, signer: offerSigner, planHash: plan.contentHash ?? "")
        if request.hold, let callID = request.callID, let minutes = plan.booking.holdMinutes {
            // The first offer that can still be held (another call may have taken one meanwhile).
            let until = now + UnixTime(minutes * 60)
            for (index, slot) in chosen.enumerated() {
                let outcome: ClaimOutcome
                do { outcome = try await service.hold(start: slot.start, holdKey: holdKey(callID: callID), until: until, now: now) } catch {
                    throw RuntimeError(.failed, "cannot hold: \(error)")
                }
                if case .claimed = outcome {
                    offers[index].heldUntil = Timestamp.utc(until)
                    break
                }
            }
        }
        return OffersOutcome(now: Timestamp.utc(now), planHash: plan.contentHash ?? "", timezone: ownerZone, recipient: RecipientAnswer(zone),
                             offers: offers)
    }

    /// Releases a call's hold; whether there was one.
    public func releaseHold(callID: String) async throws(RuntimeError) -> Bool {
        try RequestChecks.text(callID, field: "call_id", limit: FieldLimits.identifier)
        do { return try await ledger.releaseHold(key: holdKey(callID: callID)) != nil } catch {
            throw RuntimeError(.failed, "cannot release the hold of call \(callID): \(error)")
        }
    }

    /// How many slots a lookup returns, and which it takes, earliest first: its time, weekday and
    /// part-of-day filters (in the recipient's zone), and with `spread: days` one slot a day.
    static func picker(request: OffersRequest, plan: Plan, engine: SlotEngine, recipientClock: ZoneClock?)
        -> (count: Int, include: (OfferedSlot) -> Bool) {
        let count = request.count ?? plan.booking.offering.count
        let matches = { (slot: OfferedSlot) -> Bool in
            if let after = request.after, slot.start < after { return false }
            if let before = request.before, slot.start >= before { return false }
            guard let clock = recipientClock else { return request.weekdays.isEmpty && request.partOfDay == nil }
            if !request.weekdays.isEmpty, !request.weekdays.contains(clock.date(of: slot.start).weekday) { return false }
            if let part = request.partOfDay, !part.minutes.contains(clock.minuteOfDay(slot.start)) { return false }
            return true
        }
        guard plan.booking.offering.spread == .days, let owner = engine.clock else { return (count, matches) }
        var seen = Set<CivilDate>()
        return (count, { slot in matches(slot) && seen.insert(owner.date(of: slot.start)).inserted })
    }
}

