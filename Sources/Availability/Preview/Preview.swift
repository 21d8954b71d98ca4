import Plan

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

    /// Evaluates the plan and phrases every slot for the recipient.
    public static func build(engine: SlotEngine, now: UnixTime, freeBusy: FreeBusy, bookings: [ExistingBooking] = [],
                             recipient: RecipientZone, days: Int? = nil, notes: [String] = []) -> Preview {
        let plan = engine.plan
        let ownerZone = plan.booking.schedule?.timezone ?? "UTC"
        let evaluation = engine.evaluate(now: now, freeBusy: freeBusy, bookings: bookings)
        var slots: [PreviewSlot] = []
        if let owner = engine.clock, let recipientClock = ZoneClock(identifier: recipient.timezone, from: now - 86_400 * 2, to: now + 86_400 * 400) {
            let lastDate = days.map { owner.date(of: now).adding(days: max(0, $0 - 1)) }
            for slot in evaluation.slots {
                let date = owner.date(of: slot.start)
                if let lastDate, date > lastDate { break }
                let phrases = SpokenTime.phrases(start: slot.start, now: now, owner: owner, recipient: recipientClock)
                slots.append(PreviewSlot(
                    start: slot.start, end: slot.end, ownerLocal: rfc3339(slot.start, owner), recipientLocal: rfc3339(slot.start, recipientClock),
                    offer: phrases.offer, ownerDate: date, ownerMinute: owner.minuteOfDay(slot.start)))
            }
        }
        var allNotes = notes
        if let note = recipient.note { allNotes.append(note) }
        return Preview(campaignID: plan.campaign.id, campaignName: plan.campaign.name, timezone: ownerZone, recipient: recipient,
                       slots: slots, unavailable: evaluation.unavailable?.description, notes: allNotes, now: now)
    }

    /// `2026-12-01T09:00:00-05:00` (or `Z` for UTC).
    public static func rfc3339(_ t: UnixTime, _ clock: ZoneClock) -> String {
        let offset = clock.offset(at: t)
        let local = t + offset
        let date = CivilDate(daysSinceEpoch: Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400))
        let seconds = Int(((local % 86_400) + 86_400) % 86_400)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let time = "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
        if offset == 0 && clock.identifier == "UTC" { return "\(date)T\(time)Z" }
        let sign = offset < 0 ? "-" : "+"
        let a = Int(abs(offset))
        return "\(date)T\(time)\(sign)\(two(a / 3600)):\(two(a / 60 % 60))"
    }

    /// `2026-12-01T14:00:00Z`.
    public static func utc(_ t: UnixTime) -> String {
        let date = CivilDate(daysSinceEpoch: Int(t >= 0 ? t / 86_400 : (t - 86_399) / 86_400))
        let s = Int(((t % 86_400) + 86_400) % 86_400)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(date)T\(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60))Z"
    }
}
