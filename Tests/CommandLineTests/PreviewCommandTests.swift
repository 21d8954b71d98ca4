import Availability
import PlanModel
import Foundation
import FreeBusy
import Testing
import TestSupport

/// `slotplan preview` and `explain` on the embedded defaults (campaigns/ and examples/maria-calendar.ics),
/// compared with golden files (regenerate with SLOTPLAN_UPDATE_GOLDEN=1, then review).
@Suite struct PreviewCommandTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let base = ["q4-renewals", "--busy", "examples/maria-calendar.ics", "--now", "2026-11-30T14:00:00Z", "--phone", "+13125550100"]

    static func compare(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) {
        Golden.check(actual, against: golden.appendingPathComponent(name), sourceLocation: sourceLocation)
    }

    @Test(arguments: ["table", "json", "ics", "html"])
    func previewFormatsMatchGoldenFiles(_ format: String) throws {
        let out = try CommandRunner.run(["preview"] + Self.base + ["--days", "7", "--format", format])
        #expect(out.status == 0, "\(out.stderr)")
        Self.compare("preview-q4-renewals.\(format == "table" ? "txt" : format)", out.stdout)
    }

    @Test func previewJSONHasTheDocumentedShape() throws {
        let out = try CommandRunner.run(["preview"] + Self.base + ["--days", "1", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "slotplan.preview/1")
        #expect(object["timezone"] as? String == "America/New_York")
        let recipient = try #require(object["recipient"] as? [String: Any])
        #expect(recipient["timezone"] as? String == "America/Chicago" && recipient["source"] as? String == "area-code")
        let first = try #require((object["slots"] as? [[String: Any]])?.first)
        #expect(first["start"] as? String == "2026-11-30T16:00:00Z")
        #expect(first["owner_local"] as? String == "2026-11-30T11:00:00-05:00")
        #expect(first["recipient_local"] as? String == "2026-11-30T10:00:00-06:00")
        #expect(first["offer"] as? String == "today at 11 AM Eastern — that's 10 AM your time")
    }

    @Test func previewICSIsWellFormed() throws {
        let out = try CommandRunner.run(["preview"] + Self.base + ["--days", "3", "--format", "ics"])
        let lines = out.stdout.components(separatedBy: "\r\n").dropLast()
        #expect(out.stdout.hasSuffix("END:VCALENDAR\r\n"))
        #expect(lines.allSatisfy { $0.utf8.count <= 75 }, "folded at 75 octets")
        #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == lines.filter { $0 == "END:VEVENT" }.count)
        #expect(!out.stdout.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "CRLF only")
        // libical (what calendar servers use) reads it back: offered slots are free time, not busy.
        let reader = BusyReader(floatingZone: "UTC", from: 0, to: 4_102_444_800)
        let read = try reader.read(bytes: Array(out.stdout.utf8), name: "preview.ics")
        #expect(read.intervals.isEmpty && read.failures.isEmpty)
        let opaque = out.stdout.replacingOccurrences(of: "TRANSP:TRANSPARENT", with: "TRANSP:OPAQUE")
        let events = lines.filter { $0 == "BEGIN:VEVENT" }.count
        let opaqueCount = try reader.read(bytes: Array(opaque.utf8), name: "preview.ics").intervals.count
        #expect(events > 0 && opaqueCount == events)
    }

    @Test func explainNamesTheRuleTheEventAndTheBuffer() throws {
        let out = try CommandRunner.run(["explain", "q4-renewals", "--at", "2026-12-01T15:00:00Z", "--busy", "examples/maria-calendar.ics", "--now", "2026-11-30T14:00:00Z"])
        #expect(out.status == 0)
        Self.compare("explain-q4-renewals.txt", out.stdout)
        #expect(out.stdout.contains("✗ buffer before (10m) reaches 09:50, inside busy 09:00–09:55 \"Team standup\""))
        #expect(out.stdout.contains("next offered: 10:15 Eastern, 10:30 Eastern"))
        let offered = try CommandRunner.run(["explain", "q4-renewals", "--at", "2026-12-01T15:15:00Z", "--busy", "examples/maria-calendar.ics", "--now", "2026-11-30T14:00:00Z"])
        #expect(offered.stdout.hasPrefix("2026-12-01 10:15 Eastern (15:15Z) is offered by q4-renewals."))
        let grid = try CommandRunner.run(["explain", "q4-renewals", "--at", "2026-12-01T15:20:00Z", "--now", "2026-11-30T14:00:00Z"])
        #expect(grid.stdout.contains("not on the slot grid"))
    }

    @Test func planFileWorksWithoutTheWorkspace() throws {
        let out = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        _ = try CommandRunner.run(["compile", "campaigns", "--out", out.path])
        let plan = out.appendingPathComponent("q4-renewals.plan.json").path
        let fromPlan = try CommandRunner.run(["preview", plan, "--busy", "examples/maria-calendar.ics", "--now", "2026-11-30T14:00:00Z", "--phone", "+13125550100", "--days", "7"])
        let fromWorkspace = try CommandRunner.run(["preview"] + Self.base + ["--days", "7"])
        #expect(fromPlan.stdout == fromWorkspace.stdout && fromPlan.status == 0)
    }

    @Test func badInputsExitWithClearErrors() throws {
        let unknown = try CommandRunner.run(["preview", "q4-renewal", "--now", "2026-11-30T14:00:00Z"])
        #expect(unknown.status == 64 && unknown.stderr.contains("did you mean `q4-renewals`?"))
        let badNow = try CommandRunner.run(["preview", "q4-renewals", "--now", "tomorrow"])
        #expect(badNow.status == 64 && badNow.stderr.contains("--now tomorrow"))
        let dir = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let broken = dir.appendingPathComponent("broken.json")
        try Data("[{\"start\": \"2026-12-01T14:00:00Z\"}]".utf8).write(to: broken)
        let badBusy = try CommandRunner.run(["preview", "q4-renewals", "--busy", broken.path, "--now", "2026-11-30T14:00:00Z"])
        #expect(badBusy.status == 1 && badBusy.stderr.contains("broken.json:[0].end: missing `end`"))
        let missing = try CommandRunner.run(["preview", "q4-renewals", "--busy", "nope.ics"])
        #expect(missing.status == 64)
    }
}
