import Booking
import Foundation
import MCP
import PlanModel
import Runtime

/// A refused tool call: the fields of the HTTP API's problem (code, detail, field, alternatives,
/// reasons, reason), so a model acts on the same codes as the calling platform.
struct ToolRefusal: Error, Codable {
    let code: OutcomeCode
    let detail: String
    let field: String?
    var alternatives: [Offer]?
    var reasons: [Refusal]?
    var reason: Refusal?

    init(_ error: RuntimeError) {
        code = error.code
        detail = error.message
        field = error.field
    }

    init(_ outcome: BookingOutcome) {
        code = outcome.status
        detail = outcome.detail
        field = outcome.field
        alternatives = outcome.alternatives
        reasons = outcome.reasons
        reason = outcome.reason
    }

    init(_ outcome: CancelOutcome) {
        code = outcome.status
        detail = outcome.reason?.message ?? outcome.status.rawValue
        field = nil
        reason = outcome.reason
    }
}

/// `{}`: a tool that takes no arguments refuses any.
struct EmptyBody: Decodable {
    init(from decoder: any Decoder) throws { try decoder.onlyFields([]) }
}

/// `{"booking_id"}` of `cancel_booking`.
enum BookingIDField: SingleField { static let name = "booking_id" }

extension AgentTools {
    /// Removes and returns the required string argument `key`.
    static func take(_ key: String, from args: inout [String: Value]) throws(RuntimeError) -> String {
        guard let value = args.removeValue(forKey: key) else { throw .invalid(key, "missing field `\(key)`") }
        guard let text = value.stringValue else { throw .invalid(key, "wrong type: `\(key)` is a string") }
        return text
    }

    /// The arguments decoded by the HTTP API's strict request body.
    static func body<T: Decodable>(_ type: T.Type, _ args: [String: Value]) throws(RuntimeError) -> T {
        let data: Data
        do { data = try JSONEncoder().encode(args) } catch { throw .invalid(nil, "the arguments are not JSON: \(error)") }
        return try Wire.decode(type, from: data)
    }

    /// `value` as MCP structured content (our answers always encode; an exception says so).
    static func value<T: Codable>(_ value: T) -> Value {
        do { return try Value(value) } catch { return .object(["code": "failed", "detail": .string("the answer could not be encoded: \(error)")]) }
    }

    /// `base` with the fields of `extra` it does not have.
    static func merge(_ base: Value, _ extra: [String: Value]) -> Value {
        guard case .object(var fields) = base else { return base }
        for (key, value) in extra where fields[key] == nil { fields[key] = value }
        return .object(fields)
    }

    /// The result of a call: structured content with `now` and both zones, and a short text that
    /// starts with the time context.
    static func result(_ structured: Value, text: String, clock: CallClock?, now: UnixTime, isError: Bool) -> CallTool.Result {
        var context: [String: Value] = ["now": .string(Timestamp.utc(now))]
        var header = "now \(Timestamp.utc(now))"
        if let clock {
            context["timezone"] = .string(clock.timezone)
            context["recipient"] = value(clock.recipient)
            header += "; owner's zone \(clock.timezone); caller's zone \(clock.recipient.timezone) (\(clock.recipient.source))"
        }
        let content: Value? = merge(structured, context)
        return CallTool.Result(content: [.text("\(header)\n\(text)")], structuredContent: content, isError: isError)
    }
}
