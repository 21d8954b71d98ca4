import Foundation
import Testing

@testable import PlanModel

/// The byte-level RFC 3339 writer spells every instant as the field-by-field spelling it replaced.
@Suite struct RFC3339TextTests {
    /// The earlier spelling, kept here as the reference.
    static func reference(local: Int64, offset: Int64?) -> String {
        let date = CivilDate(daysSinceEpoch: Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400))
        let s = Int(((local % 86_400) + 86_400) % 86_400)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let time = "\(date)T\(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60))"
        guard let offset else { return time + "Z" }
        let a = Int(abs(offset))
        return time + (offset < 0 ? "-" : "+") + "\(two(a / 3600)):\(two(a / 60 % 60))"
    }

    @Test func everyInstantOfYearsZeroTo9999IsSpelledAsBefore() {
        var state: UInt64 = 0x5EED
        func next(_ bound: Int64) -> Int64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int64((state >> 11) % UInt64(bound))
        }
        let first: Int64 = -62_167_219_200, last: Int64 = 253_402_300_799  // 0000-01-01 and 9999-12-31T23:59:59
        let offsets: [Int64?] = [nil, 0, -18_000, 19_800, 50_400, -43_200, -1_800, 20_700, -17_762]
        var instants: [Int64] = [first, last, 0, -1, 86_399, 86_400, -86_400, -86_401, 951_782_400, 4_102_444_799]
        for _ in 0..<20_000 { instants.append(first + next(last - first + 1)) }
        // Compared here and expected once: 180,000 expectations made the suite slow, not stricter.
        var differing: [String] = []
        for t in instants {
            for offset in offsets where RFC3339Text.format(local: t, offset: offset) != Self.reference(local: t, offset: offset) {
                differing.append("\(t) \(String(describing: offset))")
            }
        }
        let count = differing.count
        #expect(count == 0, "first: \(differing.prefix(5))")
    }

    /// Dates as `YYYY-MM-DD`: every seventh day of years 0–9999 (each day of the month comes round)
    /// as the padded spelling, and dates no calendar has (month 13, day 0) still spelt as before.
    @Test func datesAreSpelledAsBefore() {
        func padded(_ d: CivilDate) -> String {
            func pad(_ v: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(v).count)) + String(v) }
            return "\(pad(d.year, 4))-\(pad(d.month, 2))-\(pad(d.day, 2))"
        }
        let differing = stride(from: -719_528, through: 2_932_896, by: 7).map { CivilDate(daysSinceEpoch: $0) }.filter { $0.description != padded($0) }
        let count = differing.count
        #expect(count == 0, "first: \(differing.prefix(5))")
        for date in [CivilDate(year: 2026, month: 13, day: 1), CivilDate(year: 2026, month: 1, day: 0), CivilDate(year: 12_026, month: 1, day: 1)] {
            #expect(date.description == padded(date))
        }
    }

    @Test func yearsOutsideFourDigitsAreLeftToTheCaller() {
        #expect(RFC3339Text.format(local: -62_167_219_201, offset: nil) == nil)
        #expect(RFC3339Text.format(local: 253_402_300_800, offset: -18_000) == nil)
        // Timestamp.utc still spells them, its own way.
        #expect(Timestamp.utc(253_402_300_800) == "10000-01-01T00:00:00Z")
    }

    @Test func utcUsesTheWriter() {
        #expect(Timestamp.utc(1_796_472_000) == "2026-12-05T12:00:00Z")
        #expect(Timestamp.utc(0) == "1970-01-01T00:00:00Z")
    }
}
