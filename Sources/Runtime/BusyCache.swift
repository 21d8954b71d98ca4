import Foundation
import PlanModel

/// Recent free/busy per calendar for offer lookups (DESIGN §9): kept `ttl`, one provider fetch per
/// calendar however many requests arrive at once, a fetch that takes longer than `timeout` is a
/// failure (unknown, never free). Failures are kept only briefly, so a provider that recovers is
/// asked again soon. Booking never reads from here: it always fetches afresh.
public actor BusyCache {
    public let ttl: Duration
    public let timeout: Duration
    /// How long a failed fetch answers for its calendar.
    public let failureTTL: Duration

    struct Entry {
        let busy: BusyTime
        let fetchedAt: ContinuousClock.Instant
    }

    var entries: [String: Entry] = [:]
    var inFlight: [String: Task<BusyTime, Never>] = [:]
    /// Provider fetches by result (`ok`, `error`, `timeout`): what `slotplan_busy_fetches_total` counts.
    public private(set) var fetches: [String: Int] = [:]
    /// Told of every provider fetch with its result (the server's metrics).
    var observer: (@Sendable (String) -> Void)?

    public init(ttl: Duration = .seconds(30), timeout: Duration = .seconds(5), failureTTL: Duration = .seconds(2)) {
        self.ttl = ttl
        self.timeout = timeout
        self.failureTTL = failureTTL
    }

    /// The cached busy time of `key`, or one fetch shared by every caller waiting for it.
    public func busy(key: String, fetch: @escaping @Sendable () async throws -> BusyTime) async -> BusyTime {
        let now = ContinuousClock.now
        if let entry = entries[key], now - entry.fetchedAt < (entry.busy.failures.isEmpty ? ttl : failureTTL) { return entry.busy }
        if let running = inFlight[key] { return await running.value }
        let timeout = self.timeout
        // Kept sorted by start: every evaluation from the cache then merges instead of sorting.
        let task = Task { () -> BusyTime in await Self.fetchWithTimeout(timeout, fetch).sortedByStart() }
        inFlight[key] = task
        let busy = await task.value
        inFlight[key] = nil
        entries[key] = Entry(busy: busy, fetchedAt: ContinuousClock.now)
        let result = busy.failures.isEmpty ? "ok" : (busy.failures.contains { $0.contains("did not answer within") } ? "timeout" : "error")
        fetches[result, default: 0] += 1
        observer?(result)
        return busy
    }

    /// Reports every provider fetch from now on to `observer`.
    public func observe(_ observer: @escaping @Sendable (String) -> Void) { self.observer = observer }

    /// Forgets a calendar (after a booking changed it).
    public func invalidate(key: String) { entries[key] = nil }

    static func fetchWithTimeout(_ timeout: Duration, _ fetch: @escaping @Sendable () async throws -> BusyTime) async -> BusyTime {
        await withTaskGroup(of: BusyTime?.self) { group in
            group.addTask {
                do { return try await fetch() } catch { return BusyTime(failures: ["\(error)"]) }
            }
            group.addTask {
                do { try await Task.sleep(for: timeout) } catch { return nil }  // cancelled: the fetch finished first
                return BusyTime(failures: ["the calendar did not answer within \(timeout)"])
            }
            var answer = BusyTime(failures: ["the calendar fetch ended without an answer"])
            if let first = await group.next(), let busy = first { answer = busy }
            group.cancelAll()
            return answer
        }
    }
}
