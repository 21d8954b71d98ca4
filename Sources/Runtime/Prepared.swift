import Availability
import Booking
import Foundation
import FreeBusy
import PlanModel

/// What a long-running runtime prepares once and reuses: each plan's slot engine (its zone table
/// covers 1990–2100, too costly to build per request) and recipients' zone clocks. Shared by every
/// copy of a `Runtime`, reloads included; plans are keyed by their content hash, so a changed plan
/// gets a new engine.
public final class Prepared: @unchecked Sendable {
    private let lock = NSLock()
    private var engines: [String: SlotEngine] = [:]
    private var clocks: [ClockKey: ZoneClock] = [:]
    private struct ClockKey: Hashable {
        let zone: String
        let day: UnixTime
    }
    /// Parsed calendar files, kept while unchanged.
    public let files: BusyFileCache
    /// Calendar folders, kept current by a watch.
    public let folders: BusyFolderCache
    /// When bookings settle a calendar's unsettled claims (once per 10 s of booking time).
    public let reconciles = ReconcileSchedule()

    public init() {
        files = BusyFileCache()
        folders = BusyFolderCache(files: files)
    }

    /// The engine of `plan`, built on first use.
    public func engine(_ plan: Plan) -> SlotEngine {
        let key = plan.contentHash ?? "\(plan.campaign.id)#unhashed"
        if let engine = lock.withLock({ engines[key] }) { return engine }
        let engine = SlotEngine(plan: plan)
        lock.withLock {
            if engines.count > 10_000 { engines.removeAll() }  // bounded: a reload storm cannot grow it without end
            engines[key] = engine
        }
        return engine
    }

    /// A zone clock over the range a lookup at `now` can need (two days back, 400 ahead), by day.
    public func clock(_ zone: String, now: UnixTime) -> ZoneClock? {
        let day = now / 86_400
        let key = ClockKey(zone: zone, day: day)
        if let clock = lock.withLock({ clocks[key] }) { return clock }
        guard let clock = ZoneClock(identifier: zone, from: day * 86_400 - 2 * 86_400, to: day * 86_400 + 400 * 86_400) else { return nil }
        lock.withLock {
            if clocks.count > 10_000 { clocks.removeAll() }
            clocks[key] = clock
        }
        return clock
    }
}
