import Availability
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

    /// One fetch's answer and when it came, with its blocking tables built on first use by a
    /// campaign with that tentative policy (under the cache's lock).
    final class Entry: @unchecked Sendable {
        let busy: BusyTime
        let fetchedAt: ContinuousClock.Instant
        var tables: [TentativePolicy: CalendarBlocks] = [:]

        init(busy: BusyTime, fetchedAt: ContinuousClock.Instant) {
            self.busy = busy
            self.fetchedAt = fetchedAt
        }
    }

    /// Guards everything below. A hit takes the lock and returns: no actor hop on the hot path.
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var inFlight: [String: Task<Entry, Never>] = [:]
    private var fetchCounts: [String: Int] = [:]
    private var observer: (@Sendable (String) -> Void)?

    public init(ttl: Duration = .seconds(30), timeout: Duration = .seconds(5), failureTTL: Duration = .seconds(2)) {
        self.ttl = ttl
        self.timeout = timeout
        self.failureTTL = failureTTL
    }

    /// Provider fetches by result (`ok`, `error`, `timeout`): what `slotplan_busy_fetches_total` counts.
    public var fetches: [String: Int] { lock.withLock { fetchCounts } }

    /// The cached calendar of `key` with its blocking table under `tentative`, built once per fetch:
    /// an evaluation from here neither copies nor sorts the calendar.
    public func calendar(key: String, tentative: TentativePolicy, fetch: @escaping @Sendable () async throws -> BusyTime) async -> CalendarBlocks {
        let entry = await entry(key: key, fetch: fetch)
        if let table = lock.withLock({ entry.tables[tentative] }) { return table }
        let built = CalendarBlocks(entry.busy, tentative: tentative)
        lock.withLock { entry.tables[tentative] = built }
        return built
    }

    /// The cached busy time of `key`, or one fetch shared by every caller waiting for it.
    public func busy(key: String, fetch: @escaping @Sendable () async throws -> BusyTime) async -> BusyTime {
        await entry(key: key, fetch: fetch).busy
    }

    private func entry(key: String, fetch: @escaping @Sendable () async throws -> BusyTime) async -> Entry {
        enum Found { case fresh(Entry), fetching(Task<Entry, Never>) }
        let timeout = self.timeout
        let found: Found = lock.withLock {
            let now = ContinuousClock.now
            if let entry = entries[key], now - entry.fetchedAt < (entry.busy.failures.isEmpty ? ttl : failureTTL) { return .fresh(entry) }
            if let running = inFlight[key] { return .fetching(running) }
            // Kept sorted by start: every evaluation from the cache then merges instead of sorting.
            let started = Task { () -> Entry in
                let busy = await Self.fetchWithTimeout(timeout, fetch).sortedByStart()
                return self.store(busy, key: key)
            }
            inFlight[key] = started
            return .fetching(started)
        }
        switch found {
        case .fresh(let entry): return entry
        case .fetching(let task): return await task.value
        }
    }

    private func store(_ busy: BusyTime, key: String) -> Entry {
        let result = busy.failures.isEmpty ? "ok" : (busy.failures.contains { $0.contains("did not answer within") } ? "timeout" : "error")
        let entry = Entry(busy: busy, fetchedAt: ContinuousClock.now)
        let observer = lock.withLock {
            inFlight[key] = nil
            entries[key] = entry
            fetchCounts[result, default: 0] += 1
            return self.observer
        }
        observer?(result)
        return entry
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
