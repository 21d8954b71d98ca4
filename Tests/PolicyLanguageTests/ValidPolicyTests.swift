import Foundation
import PlanModel
import PolicyLanguage
import Testing
import TestSupport

/// Folders under Fixtures/valid compile without a single diagnostic; their plans are golden files.
@Suite struct ValidPolicyTests {
    @Test(arguments: Fixtures.cases("valid"))
    func compilesCleanly(_ name: String) throws {
        try FixtureFolders.require(name)
        let result = PolicyCompiler().compile(files: Fixtures.files(group: "valid", name: name))
        #expect(result.diagnostics.isEmpty, "\(HumanRenderer(color: false).render(DiagnosticReport(result)))")
        #expect(!result.plans.isEmpty)
        let plans = try result.plans.map { String(decoding: try PlanCodec.encode($0), as: UTF8.self) }.joined(separator: "\n")
        if let failure = Fixtures.golden("valid/\(name)/expected-plans.txt", plans) { Issue.record(Comment(rawValue: failure)) }
    }

    @Test func multiDocumentTakesTimeZoneFromNewestConnection() throws {
        let plan = try #require(PolicyCompiler().compile(files: Fixtures.files(group: "valid", name: "multi-document")).plans.first)
        #expect(plan.booking.bookOn == ProviderSelection(provider: .outlook, reason: .mostRecent))
        #expect(plan.booking.schedule?.timezone == "Europe/Lisbon")
        #expect(plan.booking.schedule?.weekly.count == 7)
        #expect(plan.booking.meeting.minutes == 90)
        #expect(plan.booking.slotStepMinutes == 90, "slot_step defaults to the meeting length")
        #expect(plan.booking.lookAheadDays == 1)
    }

    @Test func jsonTeamAndDefaults() throws {
        let result = PolicyCompiler().compile(files: Fixtures.files(group: "valid", name: "json-team"))
        let plan = try #require(result.plans.first)
        #expect(plan.campaign.id == "campaign", "id defaults to the file stem")
        #expect(plan.booking.connections.first?.accountType == .personal, "hotmail.com is a personal account")
        #expect(plan.booking.schedule?.timezone == "America/Sao_Paulo")
        #expect(plan.booking.schedule?.weekly.map(\.day) == [.mon, .wed, .fri])
        #expect(plan.booking.minimumNoticeMinutes == 60 && plan.booking.lookAheadDays == 14)
        #expect(plan.booking.tentative == .busy && plan.booking.dailyLimit == 2)
    }

    @Test func mergeKeysAliasesAndWrappingRanges() throws {
        let plan = try #require(PolicyCompiler().compile(files: Fixtures.files(group: "valid", name: "merge-keys")).plans.first)
        #expect(plan.booking.bufferBeforeMinutes == 5 && plan.booking.bufferAfterMinutes == 5)
        #expect(plan.booking.schedule?.weekly.map(\.day) == [.mon, .wed, .fri, .sat, .sun])
        #expect(plan.booking.schedule?.timezone == "Asia/Kolkata")
    }

    @Test func windowsCrossingMidnightBelongToTheirStartDay() throws {
        let plan = try #require(PolicyCompiler().compile(files: Fixtures.files(group: "valid", name: "midnight-and-ranges")).plans.first)
        let schedule = try #require(plan.booking.schedule)
        #expect(schedule.windows(on: .mon) == [Window(startMinute: 22 * 60 + 30, endMinute: 26 * 60)])
        #expect(schedule.windows(on: .fri).last == Window(startMinute: 13 * 60, endMinute: 24 * 60))
        #expect(schedule.dates == [DateOverride(date: "2026-12-31", windows: [Window(startMinute: 1200, endMinute: 1410)])])
        #expect(plan.booking.invite.description.paths == ["recipient.email"])
    }

    @Test func exampleWorkspaceIsCleanAndCompilesEveryCampaign() throws {
        let campaigns = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("campaigns").path
        let result = try PolicyCompiler().compile(paths: [campaigns])
        #expect(result.diagnostics.isEmpty, "\(HumanRenderer(color: false).render(DiagnosticReport(result)))")
        #expect(result.plans.map(\.campaign.id) == [
            "enterprise-demo", "freelancer-intro", "newsletter-nurture", "onsite-visit", "phone-followup", "q4-renewals",
        ])
        let byID = Dictionary(uniqueKeysWithValues: result.plans.map { ($0.campaign.id, $0) })
        #expect(byID["enterprise-demo"]?.booking.schedule?.timezone == "America/Chicago")
        #expect(byID["enterprise-demo"]?.booking.connections.first?.accountType == .work)
        #expect(byID["freelancer-intro"]?.booking.connections.first?.accountType == .personal)
        #expect(byID["q4-renewals"]?.booking.bookOn == ProviderSelection(provider: .google, reason: .bookOn))
        #expect(byID["newsletter-nurture"]?.booking.enabled == false)
        #expect(byID["onsite-visit"]?.booking.meeting.type == .inPerson)
        #expect(byID["phone-followup"]?.booking.tentative == .free)
    }

    @Test func starterWorkspacePassesCheck() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("slotplan-init-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let written = try StarterWorkspace.write(into: folder, campaignID: "starter")
        #expect(written.count == 2)
        let result = try PolicyCompiler().compile(paths: [folder])
        #expect(result.diagnostics.isEmpty, "\(HumanRenderer(color: false).render(DiagnosticReport(result)))")
        #expect(result.plans.map(\.campaign.id) == ["starter"])
        // A second campaign reuses the team and never overwrites.
        #expect(try StarterWorkspace.write(into: folder, campaignID: "second").count == 1)
        #expect(throws: StarterWorkspace.Failure.self) { try StarterWorkspace.write(into: folder, campaignID: "second") }
        #expect(try PolicyCompiler().compile(paths: [folder]).plans.count == 2)
    }

    @Test func compilingTwiceGivesIdenticalBytes() throws {
        let files = Fixtures.files(group: "valid", name: "multi-document")
        let a = try PolicyCompiler().compile(files: files).plans.map(PlanCodec.encode)
        let b = try PolicyCompiler().compile(files: files).plans.map(PlanCodec.encode)
        #expect(a == b)
    }
}
