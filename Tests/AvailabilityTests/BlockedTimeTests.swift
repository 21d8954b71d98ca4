import PlanModel
import TestSupport
import Testing

@testable import Availability

/// Blocked time keeps a sorted prefix and merges the rest in: the same answer as a full sort.
@Suite struct BlockedTimeTests {
    @Test(arguments: [0, 1, 7, 500])
    func aSortedPrefixWithAnUnsortedTailOrdersLikeAFullSort(tail: Int) {
        var generator = SplitMix(seed: UInt64(tail) + 11)
        let prefix = (0..<300).map { _ in UnixTime(generator.next() % 100_000) }.sorted().map { ($0, $0 + 900) }
        let rest = (0..<tail).map { _ in UnixTime(generator.next() % 100_000) }.map { ($0, $0 + 1_800) }
        let ordered = BlockedTime.byStart(prefix + rest)
        #expect(ordered.map(\.0) == (prefix + rest).map(\.0).sorted())
        #expect(ordered.count == prefix.count + rest.count)
        let blocked = BlockedTime(prefix + rest)
        let reference = BlockedTime((prefix + rest).sorted { $0.0 < $1.0 })
        #expect(blocked.starts == reference.starts && blocked.ends == reference.ends)
    }
}
