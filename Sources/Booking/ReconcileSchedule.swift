import Foundation
import PlanModel

/// When a long-running runtime settles a calendar's unsettled claims: at most once per `interval`
/// of booking time per calendar, instead of a ledger read before every booking. A claim that
/// outlived its lifetime no longer holds time (the claim of the next booking sets it aside), so
/// settling it a few seconds later changes no answer; it only confirms or releases it.
public final class ReconcileSchedule: @unchecked Sendable {
    public let interval: UnixTime
    private let lock = NSLock()
    private var last: [String: UnixTime] = [:]

    public init(interval: UnixTime = 10) { self.interval = interval }

    /// Whether `calendar` is due at `now`; a due calendar is taken, so bookings that arrive together
    /// reconcile once. A clock that went back is due again.
    public func take(calendar: String, now: UnixTime) -> Bool {
        lock.withLock {
            if let previous = last[calendar], now >= previous, now - previous < interval { return false }
            if last.count >= 100_000 { last.removeAll() }  // bounded: every calendar is simply due again
            last[calendar] = now
            return true
        }
    }
}
