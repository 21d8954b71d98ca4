/// One interval a calendar reports, half-open `[start, end)` in UTC.
public struct BusyInterval: Sendable, Equatable, Hashable {
    /// What the calendar says about the interval.
    public enum Status: String, Sendable, CaseIterable {
        case busy, tentative, free
        case outOfOffice = "oof"
        case workingElsewhere
        /// The provider did not say; never read as free.
        case unknown
    }

    public let start: UnixTime
    public let end: UnixTime
    public let status: Status
    /// The event's title, when the source gives one (for `explain`).
    public let summary: String?
    /// Where it came from (a file name, a calendar id).
    public let source: String?

    public init(start: UnixTime, end: UnixTime, status: Status = .busy, summary: String? = nil, source: String? = nil) {
        self.start = start
        self.end = end
        self.status = status
        self.summary = summary
        self.source = source
    }

    /// Whether the interval blocks a slot under the campaign's tentative policy.
    public func blocks(tentativeIsBusy: Bool) -> Bool {
        switch status {
        case .free: return false
        case .tentative: return tentativeIsBusy
        case .busy, .outOfOffice, .workingElsewhere, .unknown: return true
        }
    }
}

/// Free/busy data from one or more calendars: the intervals, and the calendars that failed.
public struct FreeBusy: Sendable, Equatable {
    public var intervals: [BusyInterval]
    /// One entry per calendar whose data could not be had (an error means unknown, never free).
    public var failures: [String]

    public init(intervals: [BusyInterval] = [], failures: [String] = []) {
        self.intervals = intervals
        self.failures = failures
    }

    /// Both sources together.
    public func merged(with other: FreeBusy) -> FreeBusy {
        FreeBusy(intervals: intervals + other.intervals, failures: failures + other.failures)
    }
}

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
