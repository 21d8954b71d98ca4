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
            let runtime = state.runtime(), id = try context.parameters.require("id")
            return JSONResponse.make(BookingAnswer(booking: try await runtimeCall { () throws(RuntimeError) in try await runtime.booking(id: id) }))
        }
        v1.delete("bookings/:id") { _, context in try await cancel(context.parameters.require("id")) }
        v1.post("bookings/:id/reschedule") { request, context in try await reschedule(context.parameters.require("id"), request) }
        v1.delete("holds/:call_id") { _, context in
            let runtime = state.runtime(), callID = try context.parameters.require("call_id")
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
            throw Problem.payloadTooLarge(limit: bodyLimit)
        }
        return try wire { () throws(RuntimeError) in try Wire.decode(type, from: Data(buffer: buffer)) }
    }

    /// A step of reading the request (decoding, times, offer ids): its refusal is 400 (or 404 for
    /// an unknown offer), not the 422 of a request the rules refuse.
    func wire<T>(_ body: () throws(RuntimeError) -> T) throws -> T {
        do { return try body() } catch { throw Problem(error.code, detail: error.message, field: error.field) }
    }

    /// A runtime step whose refusal becomes a problem.
    func runtimeCall<T>(_ body: () async throws(RuntimeError) -> T) async throws -> T {
        do { return try await body() } catch { throw Problem(error) }
    }

    func campaigns() async throws -> Response {
        JSONResponse.make(["campaigns": state.runtime().campaigns()])
    }

    func offers(campaign: String, body: OffersBody) async throws -> Response {
        let request = try wire { () throws(RuntimeError) in try body.request(campaign: campaign) }
        let runtime = state.runtime(), now = state.now()
        let answer = try await runtimeCall { () throws(RuntimeError) in try await runtime.offers(request, now: now) }
        return JSONResponse.make(json: answer.json())
    }

    func explain(campaign: String, body: SingleFieldBody<AtField>) async throws -> Response {
        let at = try wire { () throws(RuntimeError) in try Wire.instant(body.value, field: "at") ?? 0 }
        let runtime = state.runtime(), now = state.now()
        return JSONResponse.make(try await runtimeCall { () throws(RuntimeError) in try await runtime.explain(campaign: campaign, at: at, now: now) })
    }

    func book(_ request: Request) async throws -> Response {
        let key = try idempotencyKey(request)
        let body = try await decode(BookingBody.self, request)
        let runtime = state.runtime()
        let start = try wire { () throws(RuntimeError) in try runtime.start(offerID: body.offerID, start: body.start, campaign: body.campaign) }
        let outcome = await runtime.book(BookRequest(campaign: body.campaign, start: start, recipient: body.recipient.recipient, idempotencyKey: key,
                                                     callID: body.callID), now: state.now())
        state.count(booking: outcome.status)
        guard outcome.status == .booked, let booking = outcome.booking else { throw Problem(outcome) }
        return JSONResponse.make(BookingAnswer(booking: booking, say: outcome.say), status: outcome.replayed == true ? .ok : .created)
    }

    func reschedule(_ id: String, _ request: Request) async throws -> Response {
        let key = try idempotencyKey(request)
        let body = try await decode(RescheduleBody.self, request)
        let runtime = state.runtime()
        let existing = try await runtimeCall { () throws(RuntimeError) in try await runtime.booking(id: id) }
        let start = try wire { () throws(RuntimeError) in
            try runtime.start(offerID: body.offerID, start: body.start, campaign: existing.campaign)
        }
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

/// Refuses `/v1` requests without a configured key, before anything else runs.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let keys: APIKeys?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let keys, !keys.accepts(authorization: request.headers[.authorization]) { throw Problem.unauthorized }
        return try await next(request, context)
    }
}
