import Booking
import Foundation
import Hummingbird
import Runtime

/// An error answer as RFC 9457 `application/problem+json` with slotplan's stable `code`. Thrown
/// by handlers; Hummingbird renders it with its own HTTP status.
struct Problem: Error, HTTPResponseError, Encodable {
    let code: String
    let statusCode: Int
    let title: String
    let detail: String
    let field: String?
    var alternatives: [Offer]?
    var reasons: [Refusal]?
    var reason: Refusal?

    var status: HTTPResponse.Status { HTTPResponse.Status(code: statusCode) }

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, code, field, alternatives, reasons, reason
    }

    init(_ code: OutcomeCode, status: Int? = nil, detail: String, field: String? = nil) {
        self.code = code.rawValue
        self.statusCode = status ?? code.httpStatus
        self.title = Self.titles[code] ?? code.rawValue
        self.detail = detail
        self.field = field
    }

    /// The problem for a request the runtime refused before doing anything.
    init(_ error: RuntimeError) {
        self.init(error.code, status: error.code == .invalidRequest ? 422 : nil, detail: error.message, field: error.field)
    }

    /// The problem of a booking outcome that is not a booking.
    init(_ outcome: BookingOutcome) {
        self.init(outcome.status, status: outcome.status == .invalidRequest ? 422 : nil, detail: outcome.detail, field: outcome.field)
        alternatives = outcome.alternatives
        reasons = outcome.reasons
        reason = outcome.reason
    }

    /// A body (or MCP message) over the limit.
    static func payloadTooLarge(limit: Int) -> Problem {
        Problem(code: "payload_too_large", statusCode: 413, title: "Payload too large", detail: "request bodies are at most \(limit / 1024) KiB",
                field: nil)
    }

    static let unauthorized = Problem(code: "unauthorized", statusCode: 401, title: "Unauthorized",
                                      detail: "send `Authorization: Bearer KEY` with a key the server was given", field: nil)

    init(code: String, statusCode: Int, title: String, detail: String, field: String?) {
        self.code = code
        self.statusCode = statusCode
        self.title = title
        self.detail = detail
        self.field = field
    }

    static let titles: [OutcomeCode: String] = [
        .slotTaken: "Slot taken", .notOffered: "Not offered", .bookingSkipped: "Booking skipped",
        .calendarUnavailable: "Calendar unavailable", .notFound: "Not found", .invalidRequest: "Invalid request", .failed: "Failed",
    ]

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("https://slotplan.dev/problems/\(code)", forKey: .type)
        try c.encode(title, forKey: .title)
        try c.encode(statusCode, forKey: .status)
        try c.encode(detail, forKey: .detail)
        try c.encode(code, forKey: .code)
        try c.encodeIfPresent(field, forKey: .field)
        try c.encodeIfPresent(alternatives, forKey: .alternatives)
        try c.encodeIfPresent(reasons, forKey: .reasons)
        try c.encodeIfPresent(reason, forKey: .reason)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONResponse.make(self, status: status, contentType: "application/problem+json")
    }
}

/// JSON responses with sorted keys (reproducible) and unescaped slashes.
enum JSONResponse {
    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok, contentType: String = "application/json") -> Response {
        make(json: OutcomeJSON.bytes(value), status: status, contentType: contentType)
    }

    /// A response of JSON already written.
    static func make(json: Data, status: HTTPResponse.Status = .ok, contentType: String = "application/json") -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: json)))
    }
}
