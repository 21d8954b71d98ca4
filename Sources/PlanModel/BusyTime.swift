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
public struct BusyTime: Sendable, Equatable {
    public var intervals: [BusyInterval]
    /// One entry per calendar whose data could not be had (an error means unknown, never free).
    public var failures: [String]
    /// What was read only in part (an event skipped for an unreadable DTSTART, a property
    /// ignored): the rest of the calendar counts; a person should know.
    public var warnings: [String]

    public init(intervals: [BusyInterval] = [], failures: [String] = [], warnings: [String] = []) {
        self.intervals = intervals
        self.failures = failures
        self.warnings = warnings
    }

    /// No intervals, failures or warnings.
    public var isEmpty: Bool { intervals.isEmpty && failures.isEmpty && warnings.isEmpty }

    /// Both sources together.
    public func merged(with other: BusyTime) -> BusyTime {
        if other.isEmpty { return self }
        return BusyTime(intervals: intervals + other.intervals, failures: failures + other.failures, warnings: warnings + other.warnings)
    }

    /// Adds `other` to busy time that is sorted by start, in place: each of `other`'s intervals
    /// (sorted by start too) goes after the equal ones already here, as a merge would put it.
    /// A few intervals into thousands move the tail once each; a merged copy would copy and
    /// retain every interval. Many at once are merged.
    public mutating func insertSorted(_ other: BusyTime) {
        failures += other.failures
        warnings += other.warnings
        guard other.intervals.count <= 16 else {
            intervals = mergeSorted(intervals, other.intervals) { ($0.start, $0.end) < ($1.start, $1.end) }
            return
        }
        var low = intervals.startIndex
        for interval in other.intervals {
            var high = intervals.endIndex
            while low < high {  // the first interval after `interval` (its upper bound)
                let middle = low + (high - low) / 2
                if (interval.start, interval.end) < (intervals[middle].start, intervals[middle].end) { high = middle } else { low = middle + 1 }
            }
            intervals.insert(interval, at: low)
            low += 1
        }
    }

    /// Of busy time sorted by start (`sortedByStart`): the intervals that overlap `[from, to)`, in
    /// their order, with every failure and warning (a calendar that could not be read is unknown
    /// over any range). The scan stops at the first interval that starts at `to` or later.
    /// With `longest` (no interval is longer), the scan starts where one could first reach `from`.
    public func overlapping(from: UnixTime, to: UnixTime, longest: UnixTime? = nil) -> BusyTime {
        var index = intervals.startIndex
        if let longest {  // the first interval that starts at `from - longest` or later
            var high = intervals.endIndex
            while index < high {
                let middle = index + (high - index) / 2
                if intervals[middle].start < from - longest { index = middle + 1 } else { high = middle }
            }
        }
        var kept: [BusyInterval] = []
        while index < intervals.endIndex, intervals[index].start < to {
            if intervals[index].end > from { kept.append(intervals[index]) }
            index += 1
        }
        return BusyTime(intervals: kept, failures: failures, warnings: warnings)
    }

    /// The length of the longest interval (0 without any).
    public var longest: UnixTime { intervals.reduce(0) { Swift.max($0, $1.end - $1.start) } }

    /// The same busy time with its intervals ordered by start (what a cache keeps, so that every
    /// evaluation after it starts from sorted data).
    public func sortedByStart() -> BusyTime {
        BusyTime(intervals: intervals.sorted { ($0.start, $0.end) < ($1.start, $1.end) }, failures: failures, warnings: warnings)
    }
}
