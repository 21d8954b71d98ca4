import Availability
import PlanModel

/// One offered slot as preview shows it.
public struct PreviewSlot: Sendable, Equatable {
    public let start: UnixTime
    public let end: UnixTime
    /// RFC 3339 with the owner's offset, e.g. `2026-12-01T09:00:00-05:00`.
    public let ownerLocal: String
    /// RFC 3339 with the recipient's offset.
    public let recipientLocal: String
    /// "Tuesday at 9 AM Eastern — that's 8 AM your time".
    public let offer: String
    public let ownerDate: CivilDate
    public let ownerMinute: Int
}

/// The slots the AI would offer, for people: what `slotplan preview` prints.
public struct Preview: Sendable, Equatable {
    public let campaignID: String
    public let campaignName: String
    public let timezone: String
    public let recipient: RecipientZone
    public let slots: [PreviewSlot]
    /// Why there are no slots at all, when that is not just a full calendar.
    public let unavailable: String?
    /// Things the reader should know (no busy data given, recipient zone guessed, …).
    public let notes: [String]
    public let now: UnixTime
    /// The week view: whole weeks from today's to the last day shown (empty without a schedule).
    public let days: [PreviewDay]

    /// Evaluates the plan and phrases every slot for the recipient.
    public static func build(engine: SlotEngine, now: UnixTime, freeBusy: BusyTime, bookings: [ExistingBooking] = [],
                             recipient: RecipientZone, days: Int? = nil, notes: [String] = []) -> Preview {
        let plan = engine.plan
        let ownerZone = plan.booking.schedule?.timezone ?? "UTC"
        let evaluation = engine.evaluate(now: now, freeBusy: freeBusy, bookings: bookings)
        var slots: [PreviewSlot] = []
        var weekDays: [PreviewDay] = []
        if let owner = engine.clock, let recipientClock = ZoneClock(identifier: recipient.timezone, from: now - 86_400 * 2, to: now + 86_400 * 400) {
            let lastDate = days.map { owner.date(of: now).adding(days: max(0, $0 - 1)) }
            for slot in evaluation.slots {
                let date = owner.date(of: slot.start)
                if let lastDate, date > lastDate { break }
                let phrases = SpokenTime.phrases(start: slot.start, now: now, owner: owner, recipient: recipientClock)
                slots.append(PreviewSlot(
                    start: slot.start, end: slot.end, ownerLocal: owner.rfc3339(slot.start), recipientLocal: recipientClock.rfc3339(slot.start),
                    offer: phrases.offer, ownerDate: date, ownerMinute: owner.minuteOfDay(slot.start)))
            }
            weekDays = PreviewDays.build(engine: engine, clock: owner, now: now, freeBusy: freeBusy, bookings: bookings, slots: slots,
                                         lastShown: lastDate, unavailable: evaluation.unavailable)
        }
        var allNotes = notes
        if let note = recipient.note { allNotes.append(note) }
        allNotes += freeBusy.warnings
        return Preview(campaignID: plan.campaign.id, campaignName: plan.campaign.name, timezone: ownerZone, recipient: recipient,
                       slots: slots, unavailable: evaluation.unavailable?.description, notes: allNotes, now: now, days: weekDays)
    }
}
