import Availability
import Booking
import PlanModel

/// The policy's messages rendered for one call: the recipient's values, the slot's phrases in
/// the owner's and the recipient's zones.
struct SpokenMessages: Sendable {
    let plan: Plan
    let now: UnixTime
    let owner: ZoneClock?
    let recipientClock: ZoneClock?
    let values: [String: String]

    init(plan: Plan, engine: SlotEngine, now: UnixTime, recipient: Recipient?, recipientZone: String? = nil, prepared: Prepared) {
        self.plan = plan
        self.now = now
        owner = engine.clock
        let ownerZone = plan.booking.schedule?.timezone ?? "UTC"
        let zone = recipientZone ?? RecipientTimeZone.resolve(phone: recipient?.phone, explicit: nil, ownerZone: ownerZone).timezone
        recipientClock = prepared.clock(zone, now: now)
        values = TemplateValues.values(plan: plan, recipient: recipient)
    }

    /// The `offer` message for a slot. A policy whose message needs a recipient value this call
    /// does not have falls back to the plain spoken time, which never fails.
    func offer(_ slot: OfferedSlot) -> String? {
        guard let phrases = phrases(slot.start) else { return nil }
        do { return try plan.messages.offer.render(value: value(phrases)) } catch { return phrases.offer }
    }

    /// The spoken parts of a slot starting at `start`.
    func phrases(_ start: UnixTime) -> SpokenTime.Phrases? {
        guard let owner, let recipientClock else { return nil }
        return SpokenTime.phrases(start: start, now: now, owner: owner, recipient: recipientClock)
    }

    /// The value of a token path: a slot's phrase, else the call's value. (A lookup, not a merged
    /// dictionary: every offer of every lookup renders one message.)
    func value(_ phrases: SpokenTime.Phrases?) -> (String) -> String? {
        { path in
            switch path {
            case "slot.ownerTime": return phrases?.ownerTime
            case "slot.recipientTime": return phrases?.recipientTime
            case "slot.recipientClause": return phrases?.recipientClause
            case "slot.date": return phrases?.date
            case "slot.ownerZone": return phrases?.ownerZone
            default: return values[path]
            }
        }
    }

    /// A message about the meeting at `start` (`booked`, `rescheduled`), or why it cannot be said.
    func say(_ template: Template, start: UnixTime) -> String {
        do { return try template.render(value: value(phrases(start))) } catch { return "(\(error))" }
    }

    /// Slots as offers, with signed ids when there is a signer.
    func offers(_ slots: [OfferedSlot], signer: OfferSigner?, planHash: String) -> [Offer] {
        slots.map { slot in
            Offer(slot, id: signer?.id(campaign: plan.campaign.id, planHash: planHash, start: slot.start), clock: owner,
                  recipientClock: recipientClock, say: offer(slot))
        }
    }
}
