import Availability
import Booking
import Foundation
import PlanModel

/// One campaign as `GET /v1/campaigns` and the `list_campaigns` tool list it.
public struct CampaignSummary: Sendable, Equatable, Codable {
    public let id: String
    public let name: String
    public let planHash: String
    public let bookingEnabled: Bool
    /// The owner's zone: the zone the policy's hours are in.
    public let timezone: String

    enum CodingKeys: String, CodingKey {
        case id, name, timezone
        case planHash = "plan_hash"
        case bookingEnabled = "booking_enabled"
    }
}

/// What every answer to a call states (DESIGN §11): the current time and both zones, because
/// models get "tomorrow" and time zones wrong.
public struct CallClock: Sendable, Equatable, Codable {
    public let now: String
    /// The owner's zone.
    public let timezone: String
    public let recipient: RecipientAnswer
}

extension Runtime {
    /// The campaigns served, in plan order.
    public func campaigns() -> [CampaignSummary] {
        plans.plans.map {
            CampaignSummary(id: $0.campaign.id, name: $0.campaign.name, planHash: $0.contentHash ?? "", bookingEnabled: $0.booking.enabled,
                            timezone: $0.booking.schedule?.timezone ?? "UTC")
        }
    }

    /// The clock of a call on `campaign`: now, the owner's zone and the recipient's (the explicit
    /// zone, else the phone's area code, else the owner's, as offers resolve it).
    public func clock(campaign: String, phone: String?, timezone: String?, now: UnixTime) throws(RuntimeError) -> CallClock {
        let ownerZone = try plans.plan(campaign).booking.schedule?.timezone ?? "UTC"
        let zone = RecipientTimeZone.resolve(phone: phone, explicit: timezone, ownerZone: ownerZone)
        return CallClock(now: Timestamp.utc(now), timezone: ownerZone, recipient: RecipientAnswer(zone))
    }

    /// Booking `bookingID` with the clock of a call about it: its campaign's zone and its
    /// recipient's, from the phone number given at booking.
    public func clock(bookingID: String, now: UnixTime) async throws(RuntimeError) -> (clock: CallClock, booking: BookingRecord) {
        let entry = try await entry(id: bookingID)
        return (try clock(campaign: entry.campaign, phone: entry.recipient.phone, timezone: nil, now: now), BookingRecord(entry))
    }
}

extension BookRequest {
    /// The idempotency key of a booking a call makes without one of its own (the MCP tools): the
    /// call and the time it books — the offer, whichever of its ids the model repeats — so a model
    /// that calls the tool again gets the same booking.
    public static func callKey(callID: String, campaign: String, start: UnixTime) -> String {
        "call|\(callID)|\(campaign)|\(start)"
    }
}

extension RescheduleRequest {
    /// The idempotency key of a move a call makes: the call, the booking and the new time.
    public static func callKey(callID: String, bookingID: String, start: UnixTime) -> String {
        "call|\(callID)|move|\(bookingID)|\(start)"
    }
}

/// `{"booking", "say"?}`: a booking as the routes and tools answer it.
public struct BookingAnswer: Sendable, Equatable, Codable {
    public let booking: BookingRecord
    public var say: String?

    public init(booking: BookingRecord, say: String? = nil) {
        self.booking = booking
        self.say = say
    }
}

/// The policy's words for the parts of a call before any slot (DESIGN §3 messages): `propose`,
/// `ask_email`, and `readback` once an address is known. A message that needs a value the call
/// does not have yet (a recipient's name without a fallback) is left out, never said with a hole.
public struct CallScript: Sendable, Equatable, Codable {
    public let propose: String?
    public let askEmail: String?
    public let readback: String?

    enum CodingKeys: String, CodingKey {
        case propose, readback
        case askEmail = "ask_email"
    }
}

extension Runtime {
    /// The script of `campaign`; `email`: the address to read back (spelt as `email.spoken`).
    public func script(campaign: String, email: String?) throws(RuntimeError) -> CallScript {
        let plan = try plans.plan(campaign)
        var values = TemplateValues.values(plan: plan, recipient: nil)
        if let email {
            values["recipient.email"] = email
            values["email.spoken"] = EmailReadback.spoken(email)
        }
        func render(_ template: Template) -> String? {
            do { return try template.render(values) } catch { return nil }
        }
        return CallScript(propose: render(plan.messages.propose), askEmail: render(plan.messages.askEmail),
                          readback: email == nil ? nil : render(plan.messages.readback))
    }
}
