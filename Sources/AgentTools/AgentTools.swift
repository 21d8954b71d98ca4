import Booking
import Foundation
import MCP
import PlanModel
import Runtime

/// The runtime's operations as MCP tools (DESIGN §11). Each call decodes its arguments with the
/// HTTP API's request bodies, calls the `Runtime`, and answers with the §9 JSON as structured
/// content plus a short text; refusals carry the same codes as the HTTP problems. Every result
/// states `now` and both time zones.
public struct AgentTools: Sendable {
    /// The runtime in service (a server's reloads swap it).
    let runtime: @Sendable () async -> Runtime
    /// The clock (`--now` freezes it).
    let now: @Sendable () -> UnixTime

    public init(runtime: @escaping @Sendable () async -> Runtime, now: @escaping @Sendable () -> UnixTime) {
        self.runtime = runtime
        self.now = now
    }

    /// The answer to one `tools/call`.
    public func call(_ name: String, arguments: [String: Value]?) async -> CallTool.Result {
        let runtime = await runtime(), now = now()
        var turn = Turn(now: now)
        do {
            let answer = try await dispatch(name, arguments ?? [:], runtime: runtime, turn: &turn)
            return Self.result(answer.structured, text: answer.text, clock: turn.clock, now: now, isError: false)
        } catch {
            let text = ([("\(error.code.rawValue): \(error.detail)")] + (error.alternatives ?? []).prefix(3).compactMap { offer in
                offer.say.map { "alternative (offer_id \(offer.id ?? "-")): \($0)" }
            }).joined(separator: "\n")
            return Self.result(Self.value(error), text: text, clock: turn.clock, now: now, isError: true)
        }
    }

    /// What a call has learnt about its clock so far (the campaign's zone once it is known).
    struct Turn {
        let now: UnixTime
        var clock: CallClock?
    }

    /// A successful answer: the §9 JSON and the text a model reads first.
    struct Answer {
        let structured: Value
        let text: String
    }

    func dispatch(_ name: String, _ arguments: [String: Value], runtime: Runtime, turn: inout Turn) async throws(ToolRefusal) -> Answer {
        var args = arguments
        do {
            switch name {
            case "list_campaigns":
                _ = try Self.body(EmptyBody.self, args)
                let list = try runtime.campaigns().map { summary throws(RuntimeError) in
                    (summary, try runtime.script(campaign: summary.id, email: nil))
                }
                // Each campaign with the policy's opening words (`say.propose`, `say.ask_email`).
                let campaigns = list.map { Self.merge(Self.value($0.0), ["say": Self.value($0.1)]) }
                return Answer(structured: .object(["campaigns": .array(campaigns)]), text: list.map { summary, script in
                    "\(summary.id): \(summary.name) (booking \(summary.bookingEnabled ? "on" : "off"), \(summary.timezone)); propose: \(script.propose ?? "-")"
                }.joined(separator: "\n"))
            case "find_slots":
                let campaign = try Self.take("campaign", from: &args)
                // The clock first, so that even a refused lookup states both zones.
                let recipient = args["recipient"]?.objectValue
                turn.clock = try runtime.clock(campaign: campaign, phone: recipient?["phone"]?.stringValue,
                                               timezone: recipient?["timezone"]?.stringValue, now: turn.now)
                _ = try Self.callID(args["call_id"]?.stringValue)
                let body = try Self.body(OffersBody.self, args)
                let outcome = try await runtime.offers(try body.request(campaign: campaign), now: turn.now)
                return Answer(structured: Self.value(outcome), text: Self.describe(outcome))
            case "book_slot":
                return try await book(Self.body(BookingBody.self, args), runtime: runtime, turn: &turn)
            case "reschedule_booking":
                let bookingID = try Self.take("booking_id", from: &args), callID = try Self.take("call_id", from: &args)
                let body = try Self.body(RescheduleBody.self, args)
                let (clock, existing) = try await runtime.clock(bookingID: bookingID, now: turn.now)
                turn.clock = clock
                let start = try runtime.start(offerID: body.offerID, start: body.start, campaign: existing.campaign)
                let key = RescheduleRequest.callKey(callID: callID, bookingID: bookingID, start: start)
                let outcome = await runtime.reschedule(RescheduleRequest(bookingID: bookingID, start: start, idempotencyKey: key), now: turn.now)
                guard outcome.status == .booked, let booking = outcome.booking else { throw ToolRefusal(outcome) }
                return Answer(structured: Self.value(BookingAnswer(booking: booking, say: outcome.say)),
                              text: "Moved: booking \(booking.id) now starts \(booking.start). Say: \(outcome.say ?? "")")
            case "cancel_booking":
                let body = try Self.body(SingleFieldBody<BookingIDField>.self, args)
                turn.clock = try await runtime.clock(bookingID: body.value, now: turn.now).clock
                let outcome = await runtime.cancel(bookingID: body.value)
                guard outcome.status == .cancelled, let booking = outcome.booking else { throw ToolRefusal(outcome) }
                return Answer(structured: Self.value(BookingAnswer(booking: booking)), text: "Cancelled booking \(booking.id).")
            case "explain_time":
                let campaign = try Self.take("campaign", from: &args)
                let body = try Self.body(SingleFieldBody<AtField>.self, args)
                turn.clock = try runtime.clock(campaign: campaign, phone: nil, timezone: nil, now: turn.now)
                let at = try Wire.instant(body.value, field: "at") ?? 0
                let outcome = try await runtime.explain(campaign: campaign, at: at, now: turn.now)
                let failed = outcome.checks.filter { !$0.passed }.map(\.text)
                return Answer(structured: Self.value(outcome),
                              text: outcome.offered ? "\(outcome.at) is offered." : "\(outcome.at) is not offered: \(failed.joined(separator: "; "))")
            case "read_back_email":
                // With the campaign, `say` is its `readback` message around the spelt address.
                let campaign = try args["campaign"].map { _ throws(RuntimeError) in try Self.take("campaign", from: &args) }
                let body = try Self.body(SingleFieldBody<EmailField>.self, args)
                let spoken = EmailReadback.spoken(body.value)
                let say = try campaign.map { name throws(RuntimeError) in try runtime.script(campaign: name, email: body.value).readback } ?? nil
                var answer: [String: Value] = ["spoken": .string(spoken)]
                if let say { answer["say"] = .string(say) }
                return Answer(structured: .object(answer), text: "Say: \(say ?? spoken) — and wait for the caller to confirm")
            case "parse_spoken_email":
                let body = try Self.body(SingleFieldBody<SpokenField>.self, args)
                guard let email = EmailReadback.parse(spoken: body.value) else {
                    throw RuntimeError.invalid("spoken", "no e-mail address could be read from `\(body.value.prefix(200))`: ask the caller to spell it")
                }
                return Answer(structured: Self.value(["email": email]), text: "E-mail: \(email) — read it back with read_back_email")
            default:
                let names = ToolCatalog.tools.map(\.name).joined(separator: ", ")
                throw RuntimeError(.notFound, field: "name", "no tool `\(name.prefix(80))` (tools: \(names))")
            }
        } catch let error as RuntimeError {
            throw ToolRefusal(error)
        } catch let refusal as ToolRefusal {
            throw refusal
        } catch {
            throw ToolRefusal(RuntimeError(.failed, "\(error)"))
        }
    }

    /// `book_slot`: the idempotency key derives from the call and the offer's time.
    func book(_ body: BookingBody, runtime: Runtime, turn: inout Turn) async throws -> Answer {
        let callID = try Self.callID(body.callID)
        turn.clock = try runtime.clock(campaign: body.campaign, phone: body.recipient.phone, timezone: nil, now: turn.now)
        let start = try runtime.start(offerID: body.offerID, start: body.start, campaign: body.campaign)
        let key = BookRequest.callKey(callID: callID, campaign: body.campaign, start: start)
        let outcome = await runtime.book(BookRequest(campaign: body.campaign, start: start, recipient: body.recipient.recipient,
                                                     idempotencyKey: key, callID: callID), now: turn.now)
        guard outcome.status == .booked, let booking = outcome.booking else { throw ToolRefusal(outcome) }
        let again = outcome.replayed == true ? " (already booked by an earlier call of this tool: the same booking)" : ""
        return Answer(structured: Self.merge(Self.value(BookingAnswer(booking: booking, say: outcome.say)), ["replayed": .bool(outcome.replayed == true)]),
                      text: "Booked \(booking.id) at \(booking.start)\(again). Say: \(outcome.say ?? "")")
    }

    /// The `call_id` every call-scoped tool requires (holds and idempotency keys hang on it).
    static func callID(_ given: String?) throws(RuntimeError) -> String {
        guard let given else { throw .invalid("call_id", "give the `call_id` of this phone call") }
        return given
    }

    static func describe(_ outcome: OffersOutcome) -> String {
        guard !outcome.offers.isEmpty else { return "No offered times match. Ask for another day or part of day, or say the invite will follow." }
        return "Offer these times, saying each as written (now: \(outcome.now)):\n" + outcome.offers.map { offer in
            "- \(offer.say ?? offer.start) [offer_id \(offer.id ?? "-")\(offer.heldUntil.map { ", held until \($0)" } ?? "")]"
        }.joined(separator: "\n")
    }
}
