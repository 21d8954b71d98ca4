import Foundation
import Testing
import TestSupport

/// `preview --calendar` and `explain --calendar`: a dry run against the live calendar, read only.
@Suite struct LiveCalendarDryRunTests {
    @Test func aLiveCalendarGivesTheSameSlotsAsItsExportAndOneThatFailsOffersNothing() throws {
        let dir = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(at: DemoWorkspace.mariaCalendar, to: dir.appendingPathComponent("maria.ics"))
        let common = ["preview", "q4-renewals", "--now", "2026-11-30T14:00:00Z", "--phone", "+13125550100", "--format", "json"]
        let exported = try CommandRunner.run(common + ["--busy", DemoWorkspace.mariaCalendar.path])
        let live = try CommandRunner.run(common + ["--calendar", "vdir:\(dir.path)"])
        #expect(exported.status == 0 && live.status == 0, "\(live.stderr)")
        #expect(live.stdout == exported.stdout, "the live vdir reads as its export")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["maria.ics"], "a dry run writes nothing")

        let explained = try CommandRunner.run(["explain", "q4-renewals", "--at", "2026-12-01T15:00:00Z", "--now", "2026-11-30T14:00:00Z",
                                               "--calendar", "vdir:\(dir.path)"])
        #expect(explained.status == 0 && explained.stdout.contains("Team standup"), "\(explained.stdout)\(explained.stderr)")

        // A provider that answers 500 is unknown: nothing offered, and the reason said.
        let google = try FakeServer(script: "fake_google_calendar.py", environment: ["FAKE_HTTP_FAIL": "POST:500"])
        defer { google.stop() }
        let failing = try CommandRunner.run(["preview", "q4-renewals", "--now", "2026-11-30T14:00:00Z", "--calendar", "google:primary"],
                                            environment: ["SLOTPLAN_GOOGLE_API": google.baseURL.absoluteString, "SLOTPLAN_GOOGLE_ACCESS_TOKEN": "t",
                                                          "SLOTPLAN_SECRET_KEY": ""])
        #expect(!failing.stdout.contains("AM Eastern") && (failing.stdout + failing.stderr).contains("500"), "\(failing.stdout)\(failing.stderr)")
    }
}
