import Booking
import Foundation
import Hummingbird
import PlanModel
import Runtime

/// The `/v1` routes of DESIGN §9: each decodes its body strictly, calls the runtime, and answers
/// with the outcome as JSON or a problem with its code.
struct API: Sendable {
    let state: ServerState
    let bodyLimit: Int

    func register(on router: Router<BasicRequestContext>) {
        let v1 = router.group("v1").add(middleware: AuthMiddleware(keys: state.keys))
        v1.get("campaigns") { _, _ in try await campaigns() }
        v1.post("campaigns/:id/offers") { request, context in
            try await offers(campaign: context.parameters.require("id"), body: try await decode(OffersBody.self, request))
        }
        v1.post("campaigns/:id/explain") { request, context in
            try await explain(campaign: context.parameters.require("id"), body: try await decode(SingleFieldBody<AtField>.self, request))
        }
        v1.post("bookings") { request, _ in try await book(request) }
        v1.get("bookings/:id") { _, context in
            let runtime = await state.runtime(), id = try context.parameters.require("id")
            return JSONResponse.make(BookingAnswer(booking: try await runtimeCall { () throws(RuntimeError) in try await runtime.booking(id: id) }))
        }
        v1.delete("bookings/:id") { _, context in try await cancel(context.parameters.require("id")) }
        v1.post("bookings/:id/reschedule") { request, context in try await reschedule(context.parameters.require("id"), request) }
        v1.delete("holds/:call_id") { _, context in
            let runtime = await state.runtime(), callID = try context.parameters.require("call_id")
            let released = try await runtimeCall { () throws(RuntimeError) in try await runtime.releaseHold(callID: callID) }
            return JSONResponse.make(HoldRelease(callID: callID, released: released))
        }
        v1.post("email/readback") { request, _ in
            let body = try await decode(SingleFieldBody<EmailField>.self, request)
            return JSONResponse.make(["spoken": EmailReadback.spoken(body.value)])
        }
        v1.post("email/parse") { request, _ in
            let body = try await decode(SingleFieldBody<SpokenField>.self, request)
            guard let email = EmailReadback.parse(spoken: body.value) else {
                throw Problem(.invalidRequest, status: 422, detail: "no e-mail address could be read from `\(body.value)`", field: "spoken")
            }
            return JSONResponse.make(["email": email])
        }
    }

    /// The body as `T`; malformed JSON, wrong types, unknown fields and bodies over the limit are problems.
    func decode<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        var request = request
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: bodyLimit) } catch {
            throw Problem(code: "payload_too_large", statusCode: 413, title: "Payload too large",
                          detail: "request bodies are at most \(bodyLimit / 1024) KiB", field: nil)
        }
        do {
            return try JSONDecoder().decode(type, from: Data(buffer: buffer))
        } catch let error as BodyError {
            throw Problem(.invalidRequest, detail: error.message, field: error.field)
        } catch let DecodingError.keyNotFound(key, context) {
            throw Problem(.invalidRequest, detail: "missing field `\(key.stringValue)`", field: Self.path(context.codingPath + [key]))
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw Problem(.invalidRequest, detail: "wrong type: \(context.debugDescription)", field: Self.path(context.codingPath))
        } catch {
            throw Problem(.invalidRequest, detail: "the body is not JSON of the expected shape", field: nil)
        }
    }

    static func path(_ keys: [any CodingKey]) -> String { keys.map(\.stringValue).joined(separator: ".") }

    /// A runtime step whose refusal becomes a problem.
    func runtimeCall<T>(_ body: () async throws(RuntimeError) -> T) async throws -> T {
        do { return try await body() } catch { throw Problem(error) }
    }

    func campaigns() async throws -> Response {
        let runtime = await state.runtime()
        let list = runtime.plans.plans.map {
            CampaignSummary(id: $0.campaign.id, name: $0.campaign.name, planHash: $0.contentHash ?? "", bookingEnabled: $0.booking.enabled)
        }
        return JSONResponse.make(["campaigns": list])
    }

    func offers(campaign: String, body: OffersBody) async throws -> Response {
        var weekdays: [Weekday] = []
        for name in body.weekdays ?? [] {
            guard let day = Weekday(rawValue: name.lowercased()) else {
                throw Problem(.invalidRequest, detail: "`\(name)` is not a weekday (mon, tue, wed, thu, fri, sat, sun)", field: "weekdays")
            }
            weekdays.append(day)
        }
        var part: OffersRequest.PartOfDay?
        if let name = body.partOfDay {
            guard let value = OffersRequest.PartOfDay(rawValue: name) else {
                throw Problem(.invalidRequest, detail: "`\(name)` is not morning, afternoon or evening", field: "part_of_day")
            }
            part = value
        }
        let request = OffersRequest(campaign: campaign, callID: body.callID, phone: body.recipient?.phone, timezone: body.recipient?.timezone,
                                    count: body.count, after: try instant(body.after, field: "after"),
                                    before: try instant(body.before, field: "before"), weekdays: weekdays, partOfDay: part,
                                    hold: body.hold ?? false)
        let runtime = await state.runtime(), now = state.now()
        let answer = try await runtimeCall { () throws(RuntimeError) in try await runtime.offers(request, now: now) }
        return JSONResponse.make(answer)
    }

    func explain(campaign: String, body: SingleFieldBody<AtField>) async throws -> Response {
        let at = try instant(body.value, field: "at") ?? 0
        let runtime = await state.runtime(), now = state.now()
        return JSONResponse.make(try await runtimeCall { () throws(RuntimeError) in try await runtime.explain(campaign: campaign, at: at, now: now) })
    }

    func book(_ request: Request) async throws -> Response {
        let key = try idempotencyKey(request)
        let body = try await decode(BookingBody.self, request)
        let runtime = await state.runtime()
        let start = try startOf(offerID: body.offerID, start: body.start, campaign: body.campaign, runtime: runtime)
        let r = body.recipient
        let recipient = Recipient(email: r.email, firstName: r.firstName, lastName: r.lastName, phone: r.phone, company: r.company)
        let outcome = await runtime.book(BookRequest(campaign: body.campaign, start: start, recipient: recipient, idempotencyKey: key,
                                                     callID: body.callID), now: state.now())
        state.count(booking: outcome.status)
        guard outcome.status == .booked, let booking = outcome.booking else { throw Problem(outcome) }
        return JSONResponse.make(BookingAnswer(booking: booking, say: outcome.say), status: outcome.replayed == true ? .ok : .created)
    }

    func reschedule(_ id: String, _ request: Request) async throws -> Response {
        let key = try idempotencyKey(request)
        let body = try await decode(RescheduleBody.self, request)
        let runtime = await state.runtime()
        let existing = try await runtimeCall { () throws(RuntimeError) in try await runtime.booking(id: id) }
        let start = try startOf(offerID: body.offerID, start: body.start, campaign: existing.campaign, runtime: runtime)
        let outcome = await runtime.reschedule(RescheduleRequest(bookingID: id, start: start, idempotencyKey: key), now: state.now())
        guard outcome.status == .booked, let booking = outcome.booking else { throw Problem(outcome) }
        return JSONResponse.make(BookingAnswer(booking: booking, say: outcome.say))
    }

    func cancel(_ id: String) async throws -> Response {
        let outcome = await state.runtime().cancel(bookingID: id)
        guard outcome.status == .cancelled, let booking = outcome.booking else {
            throw Problem(outcome.status, detail: outcome.reason?.message ?? outcome.status.rawValue, field: nil)
        }
        return JSONResponse.make(BookingAnswer(booking: booking))
    }

    /// The required `Idempotency-Key` header.
    func idempotencyKey(_ request: Request) throws -> String {
        let key = request.headers.first { $0.name.canonicalName == "idempotency-key" }?.value ?? ""
        guard !key.isEmpty, key.count <= 255 else {
            throw Problem(.invalidRequest, detail: "send an `Idempotency-Key` header (at most 255 characters): a retry with the same key returns the same booking",
                          field: "Idempotency-Key")
        }
        return key
    }

    /// The start a booking asks for: an offer id of this campaign (re-checked like any start), or a start.
    func startOf(offerID: String?, start: String?, campaign: String, runtime: Runtime) throws -> UnixTime {
        switch (offerID, start) {
        case (let id?, nil):
            guard let claim = runtime.offerSigner?.verify(id), claim.campaign == campaign else {
                throw Problem(.notFound, detail: "no offer `\(id.prefix(80))` for campaign \(campaign)", field: "offer_id")
            }
            return claim.start
        case (nil, let text?):
            return try instant(text, field: "start") ?? 0
        default:
            throw Problem(.invalidRequest, detail: "give exactly one of `offer_id` and `start`", field: "offer_id")
        }
    }

    func instant(_ text: String?, field: String) throws -> UnixTime? {
        guard let text else { return nil }
        guard let t = Timestamp.parse(text) else {
            throw Problem(.invalidRequest, detail: "`\(text.prefix(80))` is not an RFC 3339 time with a zone (e.g. 2026-12-01T15:00:00Z)", field: field)
        }
        return t
    }
}

/// One campaign in `GET /v1/campaigns`.
struct CampaignSummary: Encodable {
    let id: String
    let name: String
    let planHash: String
    let bookingEnabled: Bool
    enum CodingKeys: String, CodingKey {
        case id, name
        case planHash = "plan_hash"
        case bookingEnabled = "booking_enabled"
    }
}

/// `DELETE /v1/holds/{call_id}`: whether the call held a slot.
struct HoldRelease: Encodable {
    let callID: String
    let released: Bool
    enum CodingKeys: String, CodingKey {
        case released
        case callID = "call_id"
    }
}

/// `{"booking", "say"?}`.
struct BookingAnswer: Encodable {
    let booking: BookingRecord
    var say: String?
}

/// Refuses `/v1` requests without a configured key, before anything else runs.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let keys: APIKeys?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let keys, !keys.accepts(authorization: request.headers[.authorization]) { throw Problem.unauthorized }
        return try await next(request, context)
    }
}
