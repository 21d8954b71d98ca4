import Foundation
import Testing

@testable import PlanModel

/// RFC 3339 instants: the hand-written reader of the common spelling agrees with the formatter it
/// stands in for, and leaves every other spelling to it.
@Suite struct TimestampTests {
    /// Random instants of years 1600–9999 in every spelling the strict reader takes: `Z` or an
    /// offset, no fraction or one to three digits (the half-second boundaries included).
    @Test func theStrictReaderAgreesWithTheFormatter() {
        var state: UInt64 = 0xC0FFEE
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var compared = 0
        for round in 0..<4_000 {
            let year = round % 5 == 0 ? 1600 + next(8_400) : 1960 + next(120)
            let month = 1 + next(12), day = 1 + next(CivilDate.days(inMonth: month, year: year))
            let fractions = ["", ".0", ".5", ".500", ".499", ".501", ".999", ".000", ".1", ".25", ".750"]
            let zone = ["Z", "+00:00", "-05:00", "+05:30", "+14:00", "-12:00", "+23:59", "-00:30"][next(8)]
            let text = String(format: "%04d", year) + "-\(two(month))-\(two(day))T\(two(next(24))):\(two(next(60))):\(two(next(60)))"
                + fractions[next(fractions.count)] + zone
            let strict = Timestamp.parseStrict(text)
            #expect(strict != nil, "\(text) is the common spelling")
            #expect(strict == Timestamp.parseWithFormatter(text), "\(text)")
            compared += 1
        }
        #expect(compared == 4_000)
        #expect(Timestamp.parse("2026-12-01T15:00:00Z") == 1_796_137_200)
        #expect(Timestamp.parse("1969-12-31T23:59:59.500Z") == Timestamp.parseWithFormatter("1969-12-31T23:59:59.500Z"))
        #expect(Timestamp.parse("1969-12-31T23:59:59.501Z") == 0)
    }

    /// What the strict reader does not take goes to the formatter, which accepts or refuses it as before.
    @Test(arguments: [
        "2026-02-29T10:00:00Z", "2026-13-01T10:00:00Z", "2026-12-01T24:00:00Z", "2026-12-01T10:60:00Z", "2026-12-01T10:00:60Z",
        "2026-12-01t10:00:00z", "2026-12-01 10:00:00Z", "2026-12-01T10:00:00", "2026-12-01T10:00Z", "2026-12-01T10:00:00.1234Z",
        "2026-12-01T10:00:00.Z", "2026-12-01T10:00:00+0500", "2026-12-01T10:00:00+05", "2026-12-01T10:00:00+24:00", "0000-01-01T00:00:00Z",
        "+2026-12-01T10:00:00Z", "1500-06-01T00:00:00Z", "1599-12-31T23:59:59Z", "2026-12-01T10:00:00Zjunk", "", "now", "2026-12-01T10:00:00.123456789+01:00", "２０２６-12-01T10:00:00Z",
    ])
    func otherSpellingsAreTheFormattersToDecide(text: String) {
        #expect(Timestamp.parseStrict(text) == nil, "\(text)")
        #expect(Timestamp.parse(text) == Timestamp.parseWithFormatter(text), "\(text)")
    }
}
