import Availability
import PlanModel
import Foundation
import Testing

@Suite struct RecipientTimeZoneTests {
    static let conformance = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/conformance/nanp/nanp-tz.json")
    static var conformanceAvailable: Bool { FileManager.default.fileExists(atPath: conformance.path) }

    @Test(.enabled(if: conformanceAvailable, "../shared/conformance is absent: NANP conformance skipped"))
    func everyAreaCodeMatchesTheReference() throws {
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.conformance)) as? [String: [String]])
        #expect(reference.count == 442)
        var mismatches: [String] = []
        for (npa, zones) in reference where RecipientTimeZone.zones(areaCode: npa) != zones.sorted() {
            mismatches.append("\(npa): \(RecipientTimeZone.zones(areaCode: npa) ?? []) vs \(zones)")
        }
        #expect(mismatches.isEmpty, "\(mismatches.sorted().joined(separator: "\n"))")
    }


    @Test func singleZoneAreaCodeIsUsedDirectly() {
        let zone = RecipientTimeZone.resolve(phone: "+1 312 555 0100", explicit: nil, ownerZone: "America/New_York")
        #expect(zone == RecipientZone(timezone: "America/Chicago", source: .areaCode, candidates: ["America/Chicago"], note: nil))
    }

    @Test func multiZoneAreaCodeGivesMainZoneAndCandidates() {
        let zone = RecipientTimeZone.resolve(phone: "+12085550100", explicit: nil, ownerZone: "America/New_York")
        #expect(zone.source == .areaCode)
        #expect(Set(zone.candidates).isSuperset(of: ["America/Boise", "America/Los_Angeles"]))
        #expect(zone.candidates.first == zone.timezone)
        #expect(zone.note?.contains("spans") == true)
    }

    @Test func exchangeLevelDataNarrowsTheZone() {
        // 208-201 is an exchange libphonenumber places in America/Denver.
        #expect(RecipientTimeZone.resolve(phone: "+12082010000", explicit: nil, ownerZone: "UTC").candidates == ["America/Denver"])
    }

    @Test func tollFreeAndForeignFallBackToTheOwner() {
        let tollFree = RecipientTimeZone.resolve(phone: "+18005550100", explicit: nil, ownerZone: "America/New_York")
        #expect(tollFree.source == .ownerFallback && tollFree.timezone == "America/New_York")
        let uk = RecipientTimeZone.resolve(phone: "+442079460000", explicit: nil, ownerZone: "Europe/Berlin")
        #expect(uk.source == .ownerFallback && uk.note?.contains("not a North American") == true)
    }

    @Test func explicitZoneAlwaysWins() {
        let zone = RecipientTimeZone.resolve(phone: "+13125550100", explicit: "Europe/Lisbon", ownerZone: "UTC")
        #expect(zone.timezone == "Europe/Lisbon" && zone.source == .explicit)
    }
}

@Suite struct SpokenTimeTests {
    static let eastern = ZoneClock(identifier: "America/New_York", from: 1_700_000_000, to: 1_900_000_000)!
    static let central = ZoneClock(identifier: "America/Chicago", from: 1_700_000_000, to: 1_900_000_000)!
    static let pacific = ZoneClock(identifier: "America/Los_Angeles", from: 1_700_000_000, to: 1_900_000_000)!

    @Test func designExample() {
        // Monday 2026-11-30 10:00 Eastern; the slot is Tuesday 2026-12-01 14:00 Eastern.
        let p = SpokenTime.phrases(start: utc("2026-12-01T19:00:00Z"), now: utc("2026-11-30T15:00:00Z"), owner: Self.eastern, recipient: Self.central)
        #expect(p.ownerTime == "tomorrow at 2 PM Eastern")
        #expect(p.recipientClause == " — that's 1 PM your time")
        let later = SpokenTime.phrases(start: utc("2026-12-01T19:00:00Z"), now: utc("2026-11-28T15:00:00Z"), owner: Self.eastern, recipient: Self.pacific)
        #expect(later.offer == "Tuesday at 2 PM Eastern — that's 11 AM your time")
    }

    @Test func sameZoneNamesNoZoneAndNoClause() {
        let p = SpokenTime.phrases(start: utc("2026-12-01T19:30:00Z"), now: utc("2026-12-01T12:00:00Z"), owner: Self.eastern, recipient: Self.eastern)
        #expect(p.offer == "today at 2:30 PM")
        #expect(p.recipientClause.isEmpty && p.ownerZone == "Eastern" && p.date == "2026-12-01")
    }

    @Test func dateBeyondSixDaysAndRecipientDayWhenItDiffers() {
        let p = SpokenTime.phrases(start: utc("2026-12-15T05:00:00Z"), now: utc("2026-12-01T12:00:00Z"), owner: Self.eastern, recipient: Self.pacific)
        #expect(p.ownerTime == "December 15 at 12 AM Eastern")
        #expect(p.recipientClause == " — that's 9 PM December 14 your time")
    }

    @Test(arguments: [(0, "12 AM"), (720, "12 PM"), (780, "1 PM"), (615, "10:15 AM"), (1439, "11:59 PM")])
    func clock(_ minute: Int, _ text: String) {
        #expect(SpokenTime.clock(minuteOfDay: minute) == text)
    }

    @Test func zoneNames() {
        #expect(SpokenTime.zoneName("America/St_Johns") == "Newfoundland")
        #expect(SpokenTime.zoneName("America/Phoenix") == "Arizona")
        #expect(SpokenTime.zoneName("Pacific/Honolulu") == "Hawaii")
        #expect(SpokenTime.zoneName("America/Halifax") == "Atlantic")
        #expect(SpokenTime.zoneName("America/Anchorage") == "Alaska")
        #expect(SpokenTime.zoneName("Europe/Berlin") == "Berlin time")
    }
}
