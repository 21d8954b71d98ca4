import PlanModel

/// A meeting this campaign already booked on the calendar (for stacking buffers and the daily limit).
public struct ExistingBooking: Sendable, Equatable {
    public let start: UnixTime
    public let end: UnixTime
    public init(start: UnixTime, end: UnixTime) {
        self.start = start
        self.end = end
    }
}

/// A calendar's busy time with its blocking table built once: the intervals that block under a
/// tentative policy, sorted and merged. A busy cache keeps one per fetch, so an evaluation from the
/// cache neither copies the calendar nor sorts it again.
public struct CalendarBlocks: Sendable {
    /// What the table was built from (kept, not copied: a table for the other policy comes from it).
    public let busy: BusyTime
    let tentative: TentativePolicy
    let table: BlockedTime

    /// The blocking table of `busy` under `tentative`.
    public init(_ busy: BusyTime, tentative: TentativePolicy) {
        self.busy = busy
        self.tentative = tentative
        table = BlockedTime(Self.blocking(busy, tentative: tentative))
    }

    /// The intervals of `busy` that block under `tentative`, as the table takes them.
    static func blocking(_ busy: BusyTime, tentative: TentativePolicy, reserving extra: Int = 0) -> [(UnixTime, UnixTime)] {
        let tentativeIsBusy = tentative == .busy
        var intervals: [(UnixTime, UnixTime)] = []
        intervals.reserveCapacity(busy.intervals.count + extra)
        for i in busy.intervals where i.blocks(tentativeIsBusy: tentativeIsBusy) { intervals.append((i.start, i.end)) }
        return intervals
    }

    /// Calendars that could not be read: unknown time, never free.
    public var failures: [String] { busy.failures }

    /// The table under `policy`: this one, or one built for a campaign that reads tentative events otherwise.
    func table(for policy: TentativePolicy) -> BlockedTime {
        policy == tentative ? table : CalendarBlocks(busy, tentative: policy).table
    }
}

/// Sorted, merged blocking intervals with an overlap query.
struct BlockedTime: Sendable {
    private(set) var starts: [UnixTime] = []
    private(set) var ends: [UnixTime] = []

    init(_ intervals: [(UnixTime, UnixTime)]) {
        starts.reserveCapacity(intervals.count)
        ends.reserveCapacity(intervals.count)
        for (s, e) in Self.byStart(intervals) where e > s {
            if let last = ends.last, s <= last {
                if e > last { ends[ends.count - 1] = e }
            } else {
                starts.append(s)
                ends.append(e)
            }
        }
    }

    /// `intervals` ordered by start. The usual input is a sorted calendar (kept sorted by the busy
    /// cache) followed by a few ledger entries: the sorted prefix is kept, only the tail sorted,
    /// and the two merged — linear instead of a full sort on every evaluation.
    static func byStart(_ intervals: [(UnixTime, UnixTime)]) -> [(UnixTime, UnixTime)] {
        var prefix = 1
        while prefix < intervals.count && intervals[prefix].0 >= intervals[prefix - 1].0 { prefix += 1 }
        guard prefix < intervals.count else { return intervals }
        return mergeSorted(intervals[..<prefix], intervals[prefix...].sorted { $0.0 < $1.0 }) { $0.0 < $1.0 }
    }

    /// `overlaps` for queries whose starts never decrease: `cursor` only moves forward.
    func overlaps(_ s: UnixTime, _ e: UnixTime, cursor: inout Int) -> Bool {
        while cursor < ends.count && ends[cursor] <= s { cursor += 1 }
        return cursor < starts.count && starts[cursor] < e
    }

    /// True when `[s, e)` overlaps any interval (half-open: touching is not overlapping).
    func overlaps(_ s: UnixTime, _ e: UnixTime) -> Bool {
        // First interval whose end is after s.
        var lo = 0, hi = ends.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ends[mid] <= s { lo = mid + 1 } else { hi = mid }
        }
        return lo < starts.count && starts[lo] < e
    }
}
