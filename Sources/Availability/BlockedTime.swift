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

/// Sorted, merged blocking intervals with an overlap query.
struct BlockedTime {
    private(set) var starts: [UnixTime] = []
    private(set) var ends: [UnixTime] = []

    init(_ intervals: [(UnixTime, UnixTime)]) {
        var sorted = true
        for i in intervals.indices.dropFirst() where intervals[i].0 < intervals[i - 1].0 { sorted = false; break }
        starts.reserveCapacity(intervals.count)
        ends.reserveCapacity(intervals.count)
        for (s, e) in (sorted ? intervals : intervals.sorted(by: { $0.0 < $1.0 })) where e > s {
            if let last = ends.last, s <= last {
                if e > last { ends[ends.count - 1] = e }
            } else {
                starts.append(s)
                ends.append(e)
            }
        }
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
