/// The stable codes of the runtime's answers: the same through the command line, HTTP (§9) and
import PlanModel
/// MCP (§11). Each knows its HTTP status and its command-line exit code.
public enum OutcomeCode: String, Sendable, Codable, CaseIterable {
    case booked
    case cancelled
    case slotTaken = "slot_taken"
    case notOffered = "not_offered"
    case bookingSkipped = "booking_skipped"
    case calendarUnavailable = "calendar_unavailable"
    case notFound = "not_found"
    case invalidRequest = "invalid_request"
    case failed

    /// The HTTP status of DESIGN §9 (201 for a new booking is the server's to choose).
    public var httpStatus: Int {
        switch self {
        case .booked, .cancelled: return 200
        case .slotTaken, .bookingSkipped: return 409
        case .notOffered: return 422
        case .calendarUnavailable: return 503
        case .notFound: return 404
        case .invalidRequest: return 400
        case .failed: return 500
        }
    }

    /// The exit code of `book`, `reschedule` and `cancel`: 0 done, 3 taken or not offered, 64 a
    /// request the command line should not have let through, 1 anything else.
    public var exitCode: Int32 {
        switch self {
        case .booked, .cancelled: return 0
        case .slotTaken, .notOffered: return 3
        case .invalidRequest: return 64
        case .bookingSkipped, .calendarUnavailable, .notFound, .failed: return 1
        }
    }
}

/// A request the runtime refuses before doing anything: bad input, an unknown campaign or plan,
/// unreadable busy data. Carries the outcome code, the field at fault and a fix where there is one.
public struct RuntimeError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: OutcomeCode
    /// The request field (or command-line option) at fault, when one is.
    public let field: String?
    public let message: String
    /// What a person needs to see first, e.g. the diagnostics of a workspace that does not compile.
    public let details: String?

    public init(_ code: OutcomeCode, field: String? = nil, _ message: String, details: String? = nil) {
        self.code = code
        self.field = field
        self.message = message
        self.details = details
    }

    public var description: String { field.map { "\($0): \(message)" } ?? message }

    /// Input the caller must fix (a malformed value, a missing file).
    public static func invalid(_ field: String?, _ message: String) -> RuntimeError { RuntimeError(.invalidRequest, field: field, message) }
}
