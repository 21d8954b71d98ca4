import Foundation

/// The commented starter files `slotplan init` writes.
public enum StarterWorkspace {
    /// Why the starter could not be written.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Writes the starter campaign (and a team file when the folder has no Team document) into
    /// `folder`; never overwrites. Returns the paths written, the campaign last.
    public static func write(into folder: String, campaignID: String) throws(Failure) -> [String] {
        guard ValueSyntax.isIdentifier(campaignID) else {
            throw Failure(description: "`\(campaignID)` is not a valid campaign id (letters, digits, `-`, `_`, `.`)")
        }
        let manager = FileManager.default
        let campaignPath = (folder as NSString).appendingPathComponent("\(campaignID).yaml")
        guard !manager.fileExists(atPath: campaignPath) else {
            throw Failure(description: "\(campaignPath) already exists; choose another id with --id")
        }
        var owner = "alex"
        var files: [(String, String)] = []
        // Only the existing members matter here: decode the files, no need to compile the workspace.
        if manager.fileExists(atPath: folder), let existing = try? WorkspaceFiles.discover([folder]) {
            var decoder = DocumentDecoder()
            let parser = YAMLParser()
            for file in existing { decoder.decode(parser.parseFile(atPath: file)) }
            let members = decoder.declarations.members.sorted { $0.id.value < $1.id.value }
            if let first = members.first(where: { !$0.connections.isEmpty }) ?? members.first {
                owner = first.id.value
            }
            if decoder.declarations.teamAnchors.isEmpty { files.append(((folder as NSString).appendingPathComponent("team.yaml"), team)) }
            if members.first(where: { $0.id.value == owner })?.connections.isEmpty == true {
                files.append((campaignPath, campaign(id: campaignID, owner: owner, enabled: false)))
            } else {
                files.append((campaignPath, campaign(id: campaignID, owner: owner, enabled: true)))
            }
        } else {
            files = [((folder as NSString).appendingPathComponent("team.yaml"), team),
                     (campaignPath, campaign(id: campaignID, owner: owner, enabled: true))]
        }
        do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "cannot create \(folder): \(error.localizedDescription)")
        }
        for (path, _) in files where manager.fileExists(atPath: path) {
            throw Failure(description: "\(path) already exists; nothing was written")
        }
        for (path, text) in files {
            guard manager.createFile(atPath: path, contents: Data(text.utf8)) else {
                throw Failure(description: "cannot write \(path)")
            }
        }
        return files.map(\.0)
    }

    static let schemaComment = "# yaml-language-server: $schema=../schema/slotplan.schema.json\n"

    static let team = schemaComment + """
        # Who can be booked. Export this from your calling platform or write it by hand.
        # Calendar connections carry no secrets: tokens stay in the platform.
        kind: Team
        version: 1
        members:
          alex:
            name: Alex Example
            email: alex@example.com
            calendars:
              google:
                account: alex@example.com
                calendar: primary                 # the account's primary calendar
                timezone: America/New_York
                connected_at: 2026-11-01T09:00:00Z
            # book_on: google                     # which connection gets the events (default: the newest)

        """

    static func campaign(id: String, owner: String, enabled: Bool) -> String {
        schemaComment + """
        # A campaign's booking policy. `slotplan check` validates it; `slotplan preview` shows the slots.
        kind: Campaign
        version: 1
        id: \(id)
        name: My first campaign
        owner: \(owner)                          # a member of the Team file
        booking:
          enabled: \(enabled)                        # booking is opt-in per campaign\(enabled ? "" : " (connect a calendar first)")
          meeting:
            length: 30m                          # durations carry a unit: m, h, d (e.g. 1h30m)
            type: video                          # video | phone | in_person
          availability:                          # or the id of a `kind: Schedule` document
            timezone: America/New_York
            weekly:
              mon-fri: [09:00-12:00, 13:00-17:00]
            dates:
              2026-12-25: closed
          buffers: { before: 10m, after: 5m }    # kept free around every meeting
          minimum_notice: 2h                     # no slot sooner than this
          look_ahead: 14d                        # no slot further out than this many days
          invite:
            title: "Intro call: <recipient.firstName ?? \\"you\\"> and <owner.name>"
            description: |
              Hi <recipient.firstName ?? "there">, looking forward to talking.
          # messages:                            # the call script; each has a sensible default
          #   offer: "I have <slot.ownerTime> available<slot.recipientClause>. Does that work?"

        """
    }
}
