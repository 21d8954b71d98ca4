import Booking
import PlanModel

/// The output formats of `book`, `reschedule` and `cancel`.
public enum OutcomeFormat: String, Sendable, CaseIterable {
    case text, json
}

/// Booking and cancel outcomes for people (one or two lines) and machines (the Codable JSON).
public enum OutcomeText {
    public static func render(_ o: BookingOutcome, format: OutcomeFormat) -> String {
        if format == .json { return OutcomeJSON.encode(o) }
        let next = (o.alternatives ?? []).map(\.ownerLocal).joined(separator: ", ")
        switch o.status {
        case .booked:
            guard let b = o.booking else { return "booked\n" }
            return "\(o.replayed == true ? "already booked" : "booked") \(b.id): \(b.start) to \(b.end) on \(b.calendar)\n"
                + (o.say.map { "say: \($0)\n" } ?? "")
        case .slotTaken:
            return "slot taken; next offered: \(next.isEmpty ? "none in the look-ahead" : next)\n"
        case .notOffered:
            let reasons = (o.reasons ?? []).map { "\($0.message) [\($0.code.rawValue)]" }.joined(separator: "; ")
            return "not offered: \(reasons)\nnext offered: \(next.isEmpty ? "none in the look-ahead" : next)\n"
        case .bookingSkipped:
            return "booking skipped: \(reasonText(o.reason))\n"
        case .cancelled, .calendarUnavailable, .notFound, .invalidRequest, .failed:
            return "booking failed: \(reasonText(o.reason))\n"
        }
    }

    public static func render(_ o: CancelOutcome, format: OutcomeFormat) -> String {
        if format == .json { return OutcomeJSON.encode(o) }
        switch o.status {
        case .cancelled: return "cancelled \(o.booking?.id ?? "")\(o.replayed == true ? " (already cancelled)" : "")\n"
        default: return "cancel failed: \(reasonText(o.reason))\n"
        }
    }

    static func reasonText(_ r: Refusal?) -> String {
        r.map { "\($0.message) [\($0.code.rawValue)]" } ?? "no reason given"
    }
}
