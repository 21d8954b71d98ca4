import ArgumentParser
import Foundation
import PolicyLanguage

/// `slotplan init`: a commented starter campaign (and team, when the folder has none).
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Write a commented starter campaign that passes `slotplan check`.")

    @Option(help: "Workspace folder to write into.")
    var dir = "campaigns"

    @Option(help: "Id of the new campaign (also its file name).")
    var id = "my-first-campaign"

    func run() throws {
        do {
            let written = try StarterWorkspace.write(into: dir, campaignID: id)
            for path in written { writeOut("wrote \(path)\n") }
            writeOut("next: edit \(written.last ?? dir), then run `slotplan check \(dir)`\n")
        } catch {
            writeErr("error: \(error)\n")
            throw ExitCode(1)
        }
    }
}
