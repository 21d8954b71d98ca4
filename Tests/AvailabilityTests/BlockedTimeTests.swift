import PlanModel
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

/// A small deterministic generator (SplitMix64) for the test data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
