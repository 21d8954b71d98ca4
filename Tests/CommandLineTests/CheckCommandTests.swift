import Foundation
import Testing
import TestSupport

#if canImport(FoundationXML)
import FoundationXML
#endif

/// End-to-end tests of `slotplan check`: exit codes, formats and colour.
@Suite struct CheckCommandTests {
    static let broken = "Tests/PolicyLanguageTests/Fixtures/invalid/unknown-key"
    static let base = "Tests/PolicyLanguageTests/Fixtures/base"

    @Test func exampleWorkspaceIsClean() throws {
        let out = try CommandRunner.run(["check"])
        #expect(out.status == 0, "\(out.stdout)\(out.stderr)")
        #expect(out.stdout.hasSuffix("ok: 0 errors, 0 warnings in 9 files\n"))
    }

    @Test func errorsExitOneAndListEveryProblem() throws {
        let out = try CommandRunner.run(["check", Self.base, Self.broken], in: CommandRunner.packageRoot)
        #expect(out.status == 1)
        #expect(out.stdout.contains("error[SP204]: unknown key `bufers` in `booking`"))
        #expect(out.stdout.contains("error[SP204]: unknown key `emial`"))
        #expect(out.stdout.hasSuffix("error: 3 errors, 0 warnings in 3 files\n"))
        #expect(!out.stdout.contains("\u{1B}["), "no colour when not a terminal")
    }

    @Test func warningsPassUnlessWarningsAsErrors() throws {
        let args = ["check", Self.base, "Tests/PolicyLanguageTests/Fixtures/invalid/brace-token"]
        #expect(try CommandRunner.run(args, in: CommandRunner.packageRoot).status == 0)
        let strict = try CommandRunner.run(args + ["--warnings-as-errors"], in: CommandRunner.packageRoot)
        #expect(strict.status == 1)
        #expect(strict.stdout.contains("error[SP502]"))
    }

    @Test func unreadableInputAndBadUsageExit64() throws {
        let missing = try CommandRunner.run(["check", "no/such/folder"])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("no such file or folder: no/such/folder"))
        let badFormat = try CommandRunner.run(["check", "--format", "xml"])
        #expect(badFormat.status == 64)
        #expect(badFormat.stderr.contains("human") && badFormat.stderr.contains("sarif"), "lists the valid choices")
    }

    @Test func colourOnlyWhenAskedAndNeverWithNoColor() throws {
        let always = try CommandRunner.run(["check", Self.base, Self.broken, "--color", "always"], in: CommandRunner.packageRoot)
        #expect(always.stdout.contains("\u{1B}[1;31merror[SP204]"))
        let auto = try CommandRunner.run(["check", Self.base, Self.broken], in: CommandRunner.packageRoot, environment: ["NO_COLOR": "1"])
        #expect(!auto.stdout.contains("\u{1B}["))
    }

    @Test func jsonIsVersionedAndComplete() throws {
        let out = try CommandRunner.run(["check", Self.base, Self.broken, "--format", "json"], in: CommandRunner.packageRoot)
        #expect(out.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "slotplan.diagnostics/1")
        #expect(object["errors"] as? Int == 3)
        let first = try #require((object["diagnostics"] as? [[String: Any]])?.first)
        #expect(first["code"] as? String == "SP204")
        let location = try #require(first["location"] as? [String: Any])
        #expect(location["line"] as? Int == 6 && location["column"] as? Int == 3)
        #expect((first["fixes"] as? [[String: Any]])?.first?["replacement"] as? String == "buffers")
    }

    @Test func githubAnnotationsAreEscaped() throws {
        let out = try CommandRunner.run(["check", Self.base, Self.broken, "--format", "github"], in: CommandRunner.packageRoot)
        let line = try #require(out.stdout.split(separator: "\n").first)
        #expect(line.hasPrefix("::error file=Tests/PolicyLanguageTests/Fixtures/invalid/unknown-key/c.yaml,line=6,col=3,endLine=6,endColumn=9,title=SP204 unknown key::"))
        #expect(line.contains("%0Ahelp: did you mean `buffers`?"))
        #expect(GitHubEscapes.property("a:b,c%\n") == "a%3Ab%2Cc%25%0A")
    }

    @Test func sarifIsValidJSONWithRulesAndRegions() throws {
        let out = try CommandRunner.run(["check", Self.base, Self.broken, "--format", "sarif"], in: CommandRunner.packageRoot)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let rules = try #require(((run["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == ["SP201", "SP204"])
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 3)
        for result in results {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == result["ruleId"] as? String)
        }
    }

    @Test func junitIsWellFormedXML() throws {
        let out = try CommandRunner.run(["check", Self.base, Self.broken, "--format", "junit"], in: CommandRunner.packageRoot)
        let parser = XMLParser(data: Data(out.stdout.utf8))
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(out.stdout.contains("tests=\"3\" failures=\"2\""))
        #expect(out.stdout.contains("<failure message=\"1 error(s): SP204 unknown key `bufers` in `booking`\" type=\"SP204\">"))
    }
}

/// The escaping rules of GitHub workflow commands, restated independently of the implementation.
enum GitHubEscapes {
    static func property(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A").replacingOccurrences(of: ":", with: "%3A")
            .replacingOccurrences(of: ",", with: "%2C")
    }
}

@Suite struct EmptyWorkspaceTests {
    @Test func emptyFolderIsAnErrorNotASilentPass() throws {
        let dir = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = try CommandRunner.run(["check", dir.path])
        #expect(out.status == 1)
        #expect(out.stdout.contains("error[SP308]: no policy files found"))
    }
}
