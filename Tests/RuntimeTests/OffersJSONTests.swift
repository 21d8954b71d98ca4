import Foundation
import Runtime
import Testing

/// The offers answer written by hand is byte for byte the encoder's (keys sorted, optionals left
/// out, every string escaped the same way).
@Suite struct OffersJSONTests {
    static let awkward = ["plain", "quote \" and backslash \\ and slash /", "lines\nand\rtabs\t", "\u{01}\u{08}\u{0C}\u{1F}\u{7F}",
                          "Ünïcødé — “quotes” \u{2028} 😀", "", "{\"json\": [1, 2]}"]

    static func outcome(offers: Int, variant: Int) throws -> OffersOutcome {
        func text(_ i: Int) -> String { awkward[(i + variant) % awkward.count] }
        let list = (0..<offers).map { i -> [String: Any] in
            var offer: [String: Any] = ["start": "2026-12-0\(i + 1)T15:00:00Z", "end": "2026-12-0\(i + 1)T15:30:00Z",
                                        "owner_local": "2026-12-0\(i + 1)T10:00:00-05:00"]
            if (i + variant) % 2 == 0 { offer["id"] = "of_\(text(i))" }
            if (i + variant) % 3 != 0 { offer["recipient_local"] = "2026-12-0\(i + 1)T09:00:00-06:00" }
            if (i + variant) % 4 != 1 { offer["say"] = text(i + 1) }
            if i == 0 && variant % 2 == 1 { offer["held_until"] = "2026-12-01T14:02:00Z" }
            return offer
        }
        let object: [String: Any] = [
            "now": "2026-11-30T14:00:00Z", "plan_hash": "sha256:" + text(2), "timezone": "America/New_York", "offers": list,
            "recipient": ["timezone": "America/Chicago", "source": "area-code", "candidates": Array(awkward.prefix(variant % 3))],
        ]
        return try JSONDecoder().decode(OffersOutcome.self, from: JSONSerialization.data(withJSONObject: object))
    }

    @Test(arguments: 0..<4, 0..<7)
    func theHandWrittenAnswerIsTheEncodersBytes(offers: Int, variant: Int) throws {
        let outcome = try Self.outcome(offers: offers, variant: variant)
        let fast = outcome.json(), encoded = OutcomeJSON.bytes(outcome)
        #expect(fast == encoded, "\(String(decoding: fast, as: UTF8.self))\n\(String(decoding: encoded, as: UTF8.self))")
        #expect(try JSONDecoder().decode(OffersOutcome.self, from: fast) == outcome)
    }
}
