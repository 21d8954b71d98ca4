import Booking
import Foundation
import PlanModel
@testable import Runtime
import Testing
import TestSupport

/// Offer lookups: filters read in the recipient's zone, days spread, signed ids, the busy cache.
@Suite struct OffersTests {
    static let now = RuntimeTests.now

    static func runtime() throws -> (Runtime, URL) {
        let (base, folder) = try RuntimeTests.runtime()
        let signer = OfferSigner(secret: Array(repeating: 7, count: 32))
        return (Runtime(plans: base.plans, ledger: base.ledger, calendar: base.calendar, environment: [:], offerSigner: signer), folder)
    }

    @Test func offersAreSpreadOverDaysAndPhrasedForTheRecipient() async throws {
        let (runtime, folder) = try Self.runtime()
        defer { try? FileManager.default.removeItem(at: folder) }
        let answer = try await runtime.offers(OffersRequest(campaign: "q4-renewals", callID: "call-1", phone: "+13125550100"), now: Self.now)
        #expect(answer.now == "2026-11-30T14:00:00Z" && answer.timezone == "America/New_York")
        #expect(answer.recipient.timezone == "America/Chicago" && answer.recipient.source == "area-code")
        #expect(answer.planHash.hasPrefix("sha256:"))
        // q4-renewals: offering { count: 3, spread: days } — the first slot of each of three days.
        #expect(answer.offers.map(\.start) == ["2026-11-30T16:00:00Z", "2026-12-01T15:15:00Z", "2026-12-02T15:15:00Z"])
        let first = try #require(answer.offers.first)
        #expect(first.recipientLocal == "2026-11-30T10:00:00-06:00" && first.ownerLocal == "2026-11-30T11:00:00-05:00")
        #expect(first.say == "I have today at 11 AM Eastern available — that's 10 AM your time. Does that work?")
        #expect(first.id?.hasPrefix("of_") == true)
    }

    @Test func weekdaysPartOfDayAndRangeAreReadInTheRecipientsZone() async throws {
        let (runtime, folder) = try Self.runtime()
        defer { try? FileManager.default.removeItem(at: folder) }
        // "Wednesday afternoon" for a caller in Chicago: 12:00–17:00 Central.
        let wednesday = try await runtime.offers(OffersRequest(campaign: "q4-renewals", phone: "+13125550100", count: 5, weekdays: [.wed],
                                                               partOfDay: .afternoon), now: Self.now)
        #expect(wednesday.offers.count == 2 && wednesday.offers.first?.recipientLocal == "2026-12-02T12:00:00-06:00")
        for offer in wednesday.offers {
            let local = try #require(offer.recipientLocal)
            // The Wednesdays of the look-ahead, one offer each (the policy spreads over days).
            #expect((local.hasPrefix("2026-12-02T") || local.hasPrefix("2026-12-09T")) && local.hasSuffix("-06:00"), "\(local)")
            let hour = try #require(Int(local.dropFirst(11).prefix(2)))
            #expect((12..<17).contains(hour), "\(local) is not afternoon in Chicago")
        }
        let after = Timestamp.parse("2026-12-03T00:00:00Z") ?? 0, before = Timestamp.parse("2026-12-04T00:00:00Z") ?? 0
        let thursday = try await runtime.offers(OffersRequest(campaign: "q4-renewals", count: 2, after: after, before: before), now: Self.now)
        #expect(thursday.offers.allSatisfy { $0.start.hasPrefix("2026-12-03") } && thursday.offers.count == 1, "spread: one per day")
        await #expect(throws: RuntimeError.self) {
            try await runtime.offers(OffersRequest(campaign: "q4-renewals", after: before, before: after), now: Self.now)
        }
    }

    @Test func offerIDsAreBoundAndTamperProof() {
        let signer = OfferSigner(secret: Array(repeating: 1, count: 32))
        let id = signer.id(campaign: "q4-renewals", planHash: "sha256:abc", start: 1_796_138_100)
        #expect(signer.verify(id) == OfferSigner.Claim(campaign: "q4-renewals", planHash: "sha256:abc", start: 1_796_138_100))
        #expect(OfferSigner(secret: Array(repeating: 2, count: 32)).verify(id) == nil, "another ledger's secret")
        var tampered = Array(id)
        tampered[5] = tampered[5] == "A" ? "B" : "A"
        #expect(signer.verify(String(tampered)) == nil)
        for junk in ["", "of_", "of_x.y", "bk_123", String(repeating: "a", count: 5000)] { #expect(signer.verify(junk) == nil) }
    }

    /// A signer keeps the ids it made lately; a kept id is the one a signer that never saw the
    /// claim makes, for every claim, also past the bound where the signer starts over.
    @Test func keptOfferIDsAreTheSignedOnes() {
        let secret = Array(repeating: UInt8(3), count: 32)
        let signer = OfferSigner(secret: secret)
        let starts = (0..<(RecentIDs.capacity + 500)).map { 1_796_138_100 + Int64($0) * 900 }
        let first = starts.map { signer.id(campaign: "q4-renewals", planHash: "sha256:abc", start: $0) }
        #expect(signer.recent.count <= RecentIDs.capacity)
        for (start, id) in zip(starts, first) {
            #expect(signer.id(campaign: "q4-renewals", planHash: "sha256:abc", start: start) == id)
            #expect(OfferSigner(secret: secret).id(campaign: "q4-renewals", planHash: "sha256:abc", start: start) == id)
            #expect(signer.verify(id)?.start == start)
        }
        // Another campaign, plan or secret never gets a kept id of this one.
        let id = first[0]
        #expect(signer.id(campaign: "other", planHash: "sha256:abc", start: starts[0]) != id)
        #expect(signer.id(campaign: "q4-renewals", planHash: "sha256:def", start: starts[0]) != id)
        #expect(OfferSigner(secret: Array(repeating: 4, count: 32)).id(campaign: "q4-renewals", planHash: "sha256:abc", start: starts[0]) != id)
    }

    @Test func oneFetchPerCalendarHoweverManyAskAndASlowOneIsUnknown() async throws {
        let cache = BusyCache(ttl: .seconds(30), timeout: .milliseconds(300))
        let counter = FetchCounter()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    _ = await cache.busy(key: "maria") {
                        await counter.increment()
                        try await Task.sleep(for: .milliseconds(50))
                        return BusyTime(intervals: [BusyInterval(start: 0, end: 60)])
                    }
                }
            }
        }
        #expect(await counter.count == 1)
        #expect(cache.fetches == ["ok": 1])
        let slow = await cache.busy(key: "hangs") {
            try await Task.sleep(for: .seconds(30))
            return BusyTime()
        }
        #expect(slow.failures.count == 1 && slow.failures[0].contains("did not answer within"))
        let failing = await cache.busy(key: "500") { BusyTime(failures: ["Google Calendar answered HTTP 500"]) }
        #expect(!failing.failures.isEmpty)
        #expect(cache.fetches == ["ok": 1, "timeout": 1, "error": 1])
    }
}

/// Counts fetches across tasks.
actor FetchCounter {
    var count = 0
    func increment() { count += 1 }
}
