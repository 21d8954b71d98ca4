import Foundation
import PlanModel

/// Recent free/busy per calendar for offer lookups (DESIGN §9): kept `ttl`, one provider fetch per
/// calendar however many requests arrive at once, a fetch that takes longer than `timeout` is a
/// failure (unknown, never free). Failures are kept only briefly, so a provider that recovers is
/// asked again soon. Booking never reads from here: it always fetches afresh.
public final class BusyCache: @unchecked Sendable {
    public let ttl: Duration
    public let timeout: Duration
    /// How long a failed fetch answers for its calendar.
    public let failureTTL: Duration

    struct Entry {
        let busy: BusyTime
        let fetchedAt: ContinuousClock.Instant
    }

    /// Guards everything below. A hit takes the lock and returns: no actor hop on the hot path.
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var inFlight: [String: Task<BusyTime, Never>] = [:]
    private var fetchCounts: [String: Int] = [:]
    private var observer: (@Sendable (String) -> Void)?

    public init(ttl: Duration = .seconds(30), timeout: Duration = .seconds(5), failureTTL: Duration = .seconds(2)) {
        self.ttl = ttl
        self.timeout = timeout
        self.failureTTL = failureTTL
    }

    /// Provider fetches by result (`ok`, `error`, `timeout`): what `slotplan_busy_fetches_total` counts.
    public var fetches: [String: Int] { lock.withLock { fetchCounts } }

    /// The cached busy time of `key`, or one fetch shared by every caller waiting for it.
    public func busy(key: String, fetch: @escaping @Sendable () async throws -> BusyTime) async -> BusyTime {
        enum Found { case fresh(BusyTime), fetching(Task<BusyTime, Never>) }
        let timeout = self.timeout
        let found: Found = lock.withLock {
            let now = ContinuousClock.now
            if let entry = entries[key], now - entry.fetchedAt < (entry.busy.failures.isEmpty ? ttl : failureTTL) { return .fresh(entry.busy) }
            if let running = inFlight[key] { return .fetching(running) }
            // Kept sorted by start: every evaluation from the cache then merges instead of sorting.
            let started = Task { () -> BusyTime in
                let busy = await Self.fetchWithTimeout(timeout, fetch).sortedByStart()
                self.store(busy, key: key)
                return busy
            }
            inFlight[key] = started
            return .fetching(started)
        }
        switch found {
        case .fresh(let busy): return busy
        case .fetching(let task): return await task.value
        }
    }

    private func store(_ busy: BusyTime, key: String) {
        let result = busy.failures.isEmpty ? "ok" : (busy.failures.contains { $0.contains("did not answer within") } ? "timeout" : "error")
        let observer = lock.withLock {
            inFlight[key] = nil
            entries[key] = Entry(busy: busy, fetchedAt: ContinuousClock.now)
            fetchCounts[result, default: 0] += 1
            return self.observer
        }
        observer?(result)
    }

    /// Reports every provider fetch from now on to `observer`.
    public func observe(_ observer: @escaping @Sendable (String) -> Void) { lock.withLock { self.observer = observer } }

    /// Forgets a calendar (after a booking changed it).
    public func invalidate(key: String) { lock.withLock { entries[key] = nil } }

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
