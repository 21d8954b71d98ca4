import Foundation
import PolicyLanguage
import Testing

/// Runs check-jsonschema (from the project's venv, made by `make test`) with schema/slotplan.schema.json.
enum SchemaPeer {
    static let packageRoot = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let executable = packageRoot.appendingPathComponent(".venv/bin/check-jsonschema")
    static var available: Bool { FileManager.default.isExecutableFile(atPath: executable.path) }
    static var required: Bool { ProcessInfo.processInfo.environment["SLOTPLAN_REQUIRE_PEERS"] == "1" }

    /// The files among `paths` that fail the schema (validation or parse errors).
    static func failingFiles(_ paths: [String]) throws -> Set<String> {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--schemafile", "schema/slotplan.schema.json", "-o", "json"] + paths
        process.currentDirectoryURL = packageRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        let entries = (object["errors"] as? [[String: Any]] ?? []) + (object["parse_errors"] as? [[String: Any]] ?? [])
        return Set(entries.compactMap { $0["filename"] as? String })
    }
}

@Suite struct SchemaAgreementTests {
    static let skipNote: Comment = "check-jsonschema is not installed in .venv: run `make test` (it creates the venv); skipped"

    @Test func peerIsPresentWhenRequired() {
        if SchemaPeer.required { #expect(SchemaPeer.available, "SLOTPLAN_REQUIRE_PEERS=1 but .venv/bin/check-jsonschema is missing") }
        if !SchemaPeer.available { print("note: \(Self.skipNote)") }
    }

    @Test(.enabled(if: SchemaPeer.available, skipNote))
    func examplesPassBothCheckAndSchema() throws {
        let files = try WorkspaceFiles.discover([SchemaPeer.packageRoot.appendingPathComponent("campaigns").path])
        #expect(files.count >= 9)
        let result = try PolicyCompiler().compile(paths: files)
        #expect(result.diagnostics.isEmpty)
        let relative = files.map { String($0.dropFirst(SchemaPeer.packageRoot.path.count + 1)) }
        #expect(try SchemaPeer.failingFiles(relative).isEmpty)
        let validFixtures = Fixtures.cases("valid").flatMap { Fixtures.files(group: "valid", name: $0) }
            .filter { !String(decoding: $0.bytes, as: UTF8.self).contains("\n---") }
            .map { "Tests/PolicyLanguageTests/Fixtures/" + $0.path }
        #expect(validFixtures.count >= 5)
        #expect(try SchemaPeer.failingFiles(validFixtures).isEmpty)
    }

    @Test(.enabled(if: SchemaPeer.available, skipNote))
    func invalidFixturesAgreeWithTheSchema() throws {
        let listed = try String(contentsOf: Fixtures.root.appendingPathComponent("schema-expressible.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
        var caseFiles: [String: [String]] = [:]
        for name in Fixtures.cases("invalid") {
            let files = Fixtures.files(group: "invalid", name: name).map(\.path).filter { !$0.hasPrefix("base/") }
            let multiDocument = Fixtures.files(group: "invalid", name: name).contains {
                String(decoding: $0.bytes, as: UTF8.self).contains("\n---")
            }
            if !multiDocument { caseFiles[name] = files.map { "Tests/PolicyLanguageTests/Fixtures/" + $0 } }
        }
        #expect(Set(listed).isSubset(of: Set(caseFiles.keys)), "schema-expressible.txt names a missing fixture")
        let failing = try SchemaPeer.failingFiles(caseFiles.values.flatMap { $0 })
        for (name, files) in caseFiles.sorted(by: { $0.key < $1.key }) {
            let schemaFails = files.contains { failing.contains($0) }
            let checkFails = PolicyCompiler().compile(files: Fixtures.files(group: "invalid", name: name)).diagnostics.isEmpty == false
            #expect(checkFails, "\(name): slotplan check found nothing")
            if listed.contains(name) {
                #expect(schemaFails, "\(name): the schema should refuse it")
            } else {
                #expect(!schemaFails, "\(name): the schema refuses it; add it to schema-expressible.txt")
            }
        }
    }
}
