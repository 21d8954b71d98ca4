import PlanModel
import TestSupport
import Testing

/// `BusyTime.insertSorted` gives what merging both sorted lists gives: the same intervals in the
/// same order, ties after the intervals already there, failures and warnings appended.
@Suite struct BusyTimeInsertTests {
    /// Intervals on a coarse grid, so that equal starts and equal (start, end) pairs are common;
    /// each names its list and place, so that the order of equal pairs is checked too.
    static func intervals(_ count: Int, _ list: String, _ random: inout SplitMix) -> [BusyInterval] {
        (0..<count).map { index in
            let start = Int64(random.next() % 40) * 900
            return BusyInterval(start: start, end: start + Int64(random.next() % 4 + 1) * 900, summary: "\(list)\(index)")
        }.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
    }

    @Test(arguments: [0, 1, 2, 5, 16, 17, 60])
    func insertingEqualsMerging(added: Int) {
        var random = SplitMix(seed: UInt64(added) + 1)
        var differing = 0
        for round in 0..<200 {
            let existing = Self.intervals(round % 50, "a", &random), fresh = Self.intervals(added, "b", &random)
            var busy = BusyTime(intervals: existing, failures: ["old"], warnings: [])
            busy.insertSorted(BusyTime(intervals: fresh, failures: ["new"], warnings: ["partly read"]))
            let merged = mergeSorted(existing, fresh) { ($0.start, $0.end) < ($1.start, $1.end) }
            if busy.intervals != merged || busy.failures != ["old", "new"] || busy.warnings != ["partly read"] { differing += 1 }
        }
        #expect(differing == 0)
    }
}
