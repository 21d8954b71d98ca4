import Foundation
import Testing
import TestSupport

/// End-to-end tests of `slotplan compile` and `slotplan init`.
@Suite struct CompileAndInitCommandTests {
    @Test func compileWritesOneCanonicalPlanPerCampaign() throws {
        let out1 = try CommandRunner.temporaryFolder(), out2 = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out1); try? FileManager.default.removeItem(at: out2) }
        let first = try CommandRunner.run(["compile", "campaigns", "--out", out1.path])
        #expect(first.status == 0, "\(first.stderr)")
        _ = try CommandRunner.run(["compile", "./campaigns/", "--out", out2.path])
        let names = try FileManager.default.contentsOfDirectory(atPath: out1.path).sorted()
        #expect(names == ["enterprise-demo.plan.json", "freelancer-intro.plan.json", "newsletter-nurture.plan.json",
                          "onsite-visit.plan.json", "phone-followup.plan.json", "q4-renewals.plan.json"])
        for name in names {
            let a = try Data(contentsOf: out1.appendingPathComponent(name))
            let b = try Data(contentsOf: out2.appendingPathComponent(name))
            #expect(a == b, "\(name) differs between runs")
            #expect(String(decoding: a, as: UTF8.self).contains("\"content_hash\" : \"sha256:"))
        }
    }

    @Test func failedCompileWritesNothing() throws {
        let out = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try CommandRunner.run([
            "compile", "campaigns", CommandRunner.packageRoot.appendingPathComponent("Tests/PolicyLanguageTests/Fixtures/invalid/unknown-schedule").path, "--out", out.path,
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("error[SP303]") && result.stderr.contains("nothing written"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
    }

    @Test func initWritesAStarterThatPassesCheck() throws {
        let dir = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let created = try CommandRunner.run(["init", "--dir", "ws", "--id", "hello"], in: dir)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("wrote ws/team.yaml") && created.stdout.contains("wrote ws/hello.yaml"))
        let text = try String(contentsOf: dir.appendingPathComponent("ws/hello.yaml"), encoding: .utf8)
        #expect(text.contains("# yaml-language-server: $schema="))
        let check = try CommandRunner.run(["check", "ws"], in: dir)
        #expect(check.status == 0, "\(check.stdout)")
        let again = try CommandRunner.run(["init", "--dir", "ws", "--id", "hello"], in: dir)
        #expect(again.status == 1 && again.stderr.contains("already exists"))
    }
}
