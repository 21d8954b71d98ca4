import Foundation
import Testing
import TestSupport

/// A throwaway git repository holding a copy of the demo campaigns, committed as the first revision.
struct ScratchRepository {
    let root: URL

    /// `committed: false`: the first commit is empty and the campaigns are only in the work tree.
    init(committed: Bool = true) throws {
        root = try CommandRunner.temporaryFolder()
        try git("init", "-q", "-b", "main")
        if !committed { try commit("nothing yet") }
        try FileManager.default.copyItem(at: DemoWorkspace.campaigns, to: root.appendingPathComponent("campaigns"))
        if committed { try commit("the demo campaigns") }
    }

    /// Runs git in the repository (no user or system configuration is read).
    @discardableResult
    func git(_ args: String..., in folder: URL? = nil) throws -> String {
        let out = try CommandRunner.runProcess(URL(fileURLWithPath: "/usr/bin/git"), ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"] + args,
                                               in: folder ?? root, environment: ["GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null"])
        guard out.status == 0 else { throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "git \(args): \(out.stderr)"]) }
        return out.stdout
    }

    /// Commits everything in the work tree.
    func commit(_ message: String) throws {
        try git("add", "-A")
        try git("commit", "-q", "--allow-empty", "-m", message)
    }

    /// Replaces `old` by `new` in a file of the work tree (the text must be there).
    func edit(_ file: String, _ old: String, _ new: String) throws {
        let url = root.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(old), "\(file) holds \(old)")
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    func write(_ file: String, _ text: String) throws {
        let url = root.appendingPathComponent(file)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// `slotplan diff ARGS` in the repository at a fixed time, against Maria's calendar.
    func diff(_ args: [String], in folder: URL? = nil) throws -> CommandRunner.Output {
        try CommandRunner.run(["diff", "--now", "2026-12-07T13:00:00Z", "--busy", DemoWorkspace.mariaCalendar.path] + args, in: folder ?? root)
    }

    /// The JSON of `diff --format json ARGS` (exit 0 expected).
    func diffJSON(_ args: [String]) throws -> [String: Any] {
        let out = try diff(args + ["--format", "json"])
        #expect(out.status == 0, "\(out.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
    }
}

/// One kind of policy change: the edit, and what the diff must say about it.
struct PolicyChangeCase: Sendable, CustomTestStringConvertible {
    let name: String
    let file: String
    let old: String
    let new: String
    /// The campaign and field path that must be reported changed.
    let campaign: String
    let path: String
    let before: String
    let after: String
    /// The sign of (slots after − slots before) over the two weeks.
    let slotTrend: Int

    var testDescription: String { name }

    static let all: [PolicyChangeCase] = [
        .init(name: "hours", file: "campaigns/schedules/us-east-business.yaml", old: "mon-fri: [09:00-12:00, 13:00-17:00]", new: "mon-fri: [10:00-12:00, 13:00-17:00]",
              campaign: "q4-renewals", path: "booking.availability.weekly.tue", before: "09:00-12:00, 13:00-17:00", after: "10:00-12:00, 13:00-17:00", slotTrend: -1),
        .init(name: "override", file: "campaigns/schedules/us-east-business.yaml", old: "  2026-12-24: 09:00-12:00", new: "  2026-12-09: closed\n  2026-12-24: 09:00-12:00",
              campaign: "q4-renewals", path: "booking.availability.dates.2026-12-09", before: "weekly hours", after: "closed", slotTrend: -1),
        .init(name: "notice", file: "campaigns/q4-renewals.yaml", old: "minimum_notice: 2h", new: "minimum_notice: 4h",
              campaign: "q4-renewals", path: "booking.minimum_notice", before: "2h", after: "4h", slotTrend: -1),
        .init(name: "look-ahead", file: "campaigns/q4-renewals.yaml", old: "look_ahead: 14d", new: "look_ahead: 5d",
              campaign: "q4-renewals", path: "booking.look_ahead", before: "14d", after: "5d", slotTrend: -1),
        .init(name: "buffers", file: "campaigns/q4-renewals.yaml", old: "buffers: { before: 10m, after: 5m }", new: "buffers: { before: 30m, after: 5m }",
              campaign: "q4-renewals", path: "booking.buffers.before", before: "10m", after: "30m", slotTrend: -1),
        .init(name: "slot step", file: "campaigns/phone-followup.yaml", old: "look_ahead: 7d", new: "look_ahead: 7d\n  slot_step: 5m",
              campaign: "phone-followup", path: "booking.slot_step", before: "15m", after: "5m", slotTrend: 1),
        .init(name: "daily limit", file: "campaigns/enterprise-demo.yaml", old: "daily_limit: 4", new: "daily_limit: 2",
              campaign: "enterprise-demo", path: "booking.daily_limit", before: "4", after: "2", slotTrend: 0),
        .init(name: "team connection switched", file: "campaigns/team.yaml", old: "book_on: google ", new: "book_on: outlook",
              campaign: "q4-renewals", path: "booking.book_on", before: "google (book_on)", after: "outlook (book_on)", slotTrend: 0),
        .init(name: "messages", file: "campaigns/q4-renewals.yaml", old: "Does that work?", new: "Would that suit you?",
              campaign: "q4-renewals", path: "messages.offer", before: "I have <slot.ownerTime> available<slot.recipientClause>. Does that work?",
              after: "I have <slot.ownerTime> available<slot.recipientClause>. Would that suit you?", slotTrend: 0),
        .init(name: "booking turned off", file: "campaigns/onsite-visit.yaml", old: "enabled: true", new: "enabled: false",
              campaign: "onsite-visit", path: "booking.enabled", before: "on", after: "off", slotTrend: -1),
    ]
}

/// `slotplan diff` on temporary git repositories (DESIGN §12).
@Suite struct DiffCommandTests {
    @Test(arguments: PolicyChangeCase.all)
    func eachKindOfChangeIsReportedInPolicyTerms(_ change: PolicyChangeCase) throws {
        let repo = try ScratchRepository()
        try repo.edit(change.file, change.old, change.new)
        try repo.commit(change.name)
        let json = try repo.diffJSON(["--base", "HEAD~1", "--head", "HEAD"])
        #expect(json["format"] as? String == "slotplan.diff/1")
        let campaigns = try #require(json["campaigns"] as? [[String: Any]])
        let entry = try #require(campaigns.first { $0["id"] as? String == change.campaign }, "\(campaigns.map { $0["id"] ?? "" })")
        #expect(entry["change"] as? String == "changed")
        let fields = try #require(entry["fields"] as? [[String: Any]])
        let field = try #require(fields.first { $0["path"] as? String == change.path }, "\(fields.map { $0["path"] ?? "" })")
        #expect(field["before"] as? String == change.before)
        #expect(field["after"] as? String == change.after)
        let slots = try #require(entry["slots"] as? [String: Any])
        let weeks = try #require(slots["weeks"] as? [[String: Any]])
        #expect(weeks.map { $0["start"] as? String } == ["2026-12-07", "2026-12-14"])
        let before = weeks.reduce(0) { $0 + ($1["before"] as? Int ?? 0) }, after = weeks.reduce(0) { $0 + ($1["after"] as? Int ?? 0) }
        #expect((after - before).signum() == change.slotTrend, "slots \(before) → \(after)")
        let gained = slots["gained"] as? [String] ?? [], lost = slots["lost"] as? [String] ?? []
        if change.slotTrend < 0 {
            #expect(gained.isEmpty && !lost.isEmpty, "a change that only removes slots lists the first lost and gains none")
        } else if change.slotTrend > 0 {
            #expect(!gained.isEmpty, "a change that adds slots lists the first gained")
        }
        #expect(lost.count <= 10 && gained.count <= 10 && lost == lost.sorted() && gained == gained.sorted())
        // Only the campaigns the edit touches are listed.
        let summary = try #require(json["summary"] as? [String: Int])
        #expect(summary["changed"] == campaigns.count && summary["added"] == 0 && summary["removed"] == 0)
    }

    @Test func campaignsAddedRemovedAndRenamed() throws {
        let repo = try ScratchRepository()
        let q4 = try String(contentsOf: repo.root.appendingPathComponent("campaigns/q4-renewals.yaml"), encoding: .utf8)
        try repo.write("campaigns/q1-renewals.yaml", q4.replacingOccurrences(of: "id: q4-renewals", with: "id: q1-renewals"))
        try FileManager.default.removeItem(at: repo.root.appendingPathComponent("campaigns/freelancer-intro.yaml"))
        try repo.commit("q1 in, freelancers out")
        let json = try repo.diffJSON(["--base", "HEAD~1", "--head", "HEAD"])
        let campaigns = try #require(json["campaigns"] as? [[String: Any]])
        #expect(campaigns.map { "\($0["id"] ?? "") \($0["change"] ?? "")" } == ["freelancer-intro removed", "q1-renewals added"])
        let added = try #require(campaigns.last?["slots"] as? [String: Any])
        let weeks = try #require(added["weeks"] as? [[String: Any]])
        #expect(weeks.allSatisfy { $0["before"] as? Int == 0 } && weeks.contains { ($0["after"] as? Int ?? 0) > 0 })
        #expect((campaigns.first?["files"] as? [String: Any])?["before"] as? String == "campaigns/freelancer-intro.yaml")

        // A file moved with its campaign unchanged is no change at all.
        try repo.git("mv", "campaigns/q4-renewals.yaml", "campaigns/renewals-q4.yaml")
        let moved = try repo.diff(["--exit-code"])
        #expect(moved.status == 0, "\(moved.stdout)\(moved.stderr)")
        #expect(moved.stdout.contains("No changes: 6 campaigns, the same plans on both sides."))

        // Moved and changed: one changed campaign naming both files.
        try repo.edit("campaigns/renewals-q4.yaml", "minimum_notice: 2h", "minimum_notice: 3h")
        let json2 = try repo.diffJSON([])
        #expect(json2["head"] as? String == "work tree")
        let entry = try #require((json2["campaigns"] as? [[String: Any]])?.first)
        #expect(entry["id"] as? String == "q4-renewals" && entry["change"] as? String == "changed")
        let files = try #require(entry["files"] as? [String: Any])
        #expect(files["before"] as? String == "campaigns/q4-renewals.yaml" && files["after"] as? String == "campaigns/renewals-q4.yaml")
        #expect((json2["summary"] as? [String: Int]) == ["added": 0, "removed": 0, "changed": 1, "unchanged": 5])
    }

    @Test func exitCodesAndTheWorkTreeIsLeftAlone() throws {
        let repo = try ScratchRepository()
        let same = try repo.diff(["--exit-code"])
        #expect(same.status == 0 && same.stdout.hasSuffix("No changes: 6 campaigns, the same plans on both sides.\n"), "\(same.stderr)")
        try repo.edit("campaigns/q4-renewals.yaml", "minimum_notice: 2h", "minimum_notice: 4h")
        try repo.git("add", "campaigns/q4-renewals.yaml")
        try repo.edit("campaigns/q4-renewals.yaml", "look_ahead: 14d", "look_ahead: 10d")
        let statusBefore = try repo.git("status", "--porcelain=v2")
        let index = repo.root.appendingPathComponent(".git/index")
        let indexBefore = try Data(contentsOf: index)
        let changed = try repo.diff(["--exit-code"])
        #expect(changed.status == 2, "\(changed.stderr)")
        #expect(changed.stdout.contains("minimum notice: 2h → 4h") && changed.stdout.contains("look-ahead: 14d → 10d"))
        #expect(try repo.diff([]).status == 0, "differences without --exit-code exit 0")
        #expect(try repo.git("status", "--porcelain=v2") == statusBefore)
        #expect(try Data(contentsOf: index) == indexBefore, "the index is not touched")
        #expect(try String(contentsOf: repo.root.appendingPathComponent("campaigns/q4-renewals.yaml"), encoding: .utf8).contains("look_ahead: 10d"))
    }

    @Test func aSideThatDoesNotCompileIsNamed() throws {
        let repo = try ScratchRepository()
        try repo.edit("campaigns/q4-renewals.yaml", "owner: maria", "owner: mariah")
        try repo.commit("a typo")
        let broken = try repo.git("rev-parse", "--short=7", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.edit("campaigns/q4-renewals.yaml", "owner: mariah", "owner: maria")
        let base = try repo.diff(["--base", "HEAD"])
        #expect(base.status == 1)
        #expect(base.stderr.contains("error: the base, HEAD (\(broken)), does not compile (1 error); nothing compared"), "\(base.stderr)")
        #expect(base.stderr.contains("campaigns/q4-renewals.yaml:7:8"), "diagnostics name file:line:col: \(base.stderr)")
        #expect(base.stdout.isEmpty)
        let head = try repo.diff(["--base", "HEAD~1", "--head", "HEAD"])
        #expect(head.status == 1 && head.stderr.contains("error: the head, HEAD (\(broken)), does not compile"), "\(head.stderr)")
        let unknown = try repo.diff(["--base", "no-such-branch"])
        #expect(unknown.status == 1 && unknown.stderr.contains("unknown revision no-such-branch"), "\(unknown.stderr)")
        let outside = try CommandRunner.run(["diff", "--now", "2026-12-07T13:00:00Z"], in: try CommandRunner.temporaryFolder())
        #expect(outside.status == 1 && outside.stderr.contains("not inside a git repository"), "\(outside.stderr)")
    }

    @Test func aShallowCloneSaysHowToFetchTheBase() throws {
        let repo = try ScratchRepository()
        try repo.edit("campaigns/q4-renewals.yaml", "minimum_notice: 2h", "minimum_notice: 4h")
        try repo.commit("longer notice")
        let parent = try CommandRunner.temporaryFolder()
        try repo.git("clone", "-q", "--depth", "1", "file://\(repo.root.path)", parent.appendingPathComponent("shallow").path, in: parent)
        let shallow = parent.appendingPathComponent("shallow")
        let missing = try repo.diff(["--base", "HEAD~1"], in: shallow)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("revision HEAD~1 is not in this shallow clone") && missing.stderr.contains("fetch-depth: 0"), "\(missing.stderr)")
        let present = try repo.diff(["--base", "HEAD", "--exit-code"], in: shallow)
        #expect(present.status == 0, "the one commit a shallow clone has is enough: \(present.stderr)")
    }

    @Test func runFromASubfolderAndWithAFirstCommitOfPolicies() throws {
        let repo = try ScratchRepository()
        // The base has no `campaigns/` folder yet: every campaign is added.
        let first = try ScratchRepository(committed: false)
        let json = try first.diffJSON(["--base", "HEAD"])
        #expect((json["summary"] as? [String: Int]) == ["added": 6, "removed": 0, "changed": 0, "unchanged": 0])
        // From a subfolder, paths are relative to it, on both sides.
        let inside = try repo.diff(["--exit-code", "."], in: repo.root.appendingPathComponent("campaigns"))
        #expect(inside.status == 0, "\(inside.stdout)\(inside.stderr)")
    }

    @Test func humanAndMarkdownMatchGoldenFiles() throws {
        let repo = try ScratchRepository()
        try repo.edit("campaigns/q4-renewals.yaml", "minimum_notice: 2h", "minimum_notice: 4h")
        try repo.edit("campaigns/q4-renewals.yaml", "Does that work?", "Would that suit you?")
        try repo.edit("campaigns/q4-renewals.yaml", "      We'll go through your renewal", "      Bring your questions.\n      We'll go through your renewal")
        try FileManager.default.removeItem(at: repo.root.appendingPathComponent("campaigns/freelancer-intro.yaml"))
        try repo.commit("notice, words, one campaign less")
        for format in ["human", "markdown"] {
            let out = try repo.diff(["--base", "HEAD~1", "--head", "HEAD", "--format", format])
            #expect(out.status == 0, "\(out.stderr)")
            // The busy file's absolute path differs per machine.
            let stable = out.stdout.replacingOccurrences(of: DemoWorkspace.mariaCalendar.path, with: "examples/maria-calendar.ics")
                .replacingOccurrences(of: try repo.git("rev-parse", "--short=7", "HEAD~1").trimmingCharacters(in: .whitespacesAndNewlines), with: "BASE")
                .replacingOccurrences(of: try repo.git("rev-parse", "--short=7", "HEAD").trimmingCharacters(in: .whitespacesAndNewlines), with: "HEAD")
            PreviewCommandTests.compare("diff-q4-renewals.\(format == "human" ? "txt" : "md")", stable)
        }
    }
}
