import PlanModel
/// Deterministic generated policy files for the benchmarks: varied, realistic, and all valid.
enum BenchWorkspace {
    static let members = ["maria", "dave", "priya", "tom", "lena"]

    static let fixedFiles: [(String, String)] = [
        ("team.yaml", """
            kind: Team
            version: 1
            members:
              maria: { name: Maria Lopez, email: maria@acme.example, calendars: { google: { account: maria@acme.example, timezone: America/New_York, connected_at: 2026-10-01T14:03:00Z } } }
              dave: { name: Dave Okafor, email: dave@acme.example, calendars: { outlook: { account: dave@acme.example, account_type: work, timezone: America/Chicago, connected_at: 2026-09-15T16:20:00Z } } }
              priya: { name: Priya Sharma, email: priya@acme.example, calendars: { outlook: { account: priya@outlook.com, account_type: personal, timezone: America/Los_Angeles, connected_at: 2026-10-20T18:45:00Z } } }
              tom: { name: Tom Becker, email: tom@acme.example, calendars: { google: { account: tom@acme.example, timezone: America/Denver, connected_at: 2026-08-30T15:00:00Z } } }
              lena: { name: Lena Vogel, email: lena@acme.example, calendars: { google: { account: lena@acme.example, timezone: Europe/Berlin, connected_at: 2026-11-10T08:30:00Z } } }

            """),
        ("schedule.yaml", """
            kind: Schedule
            version: 1
            id: business
            timezone: America/New_York
            weekly:
              mon-fri: [09:00-12:00, 13:00-17:00]
              sat: 10:00-12:00
            dates:
              2026-12-24: 09:00-12:00
              2026-12-25: closed

            """),
    ]

    static func campaign(_ i: Int) -> String {
        let owner = members[i % members.count]
        let length = [15, 20, 30, 45, 60][i % 5]
        let availability = i % 3 == 0 ? "  availability: business\n" : """
              availability:
                timezone: America/Chicago
                weekly:
                  mon-thu: [08:30-11:30, 13:00-16:30]
                  fri: 08:30-12:00
                dates:
                  2026-11-26: closed

            """
        let type = owner == "priya" ? "video\n    link: https://meet.example/priya-\(i)" : ["video", "phone", "video"][i % 3]
        return """
            # yaml-language-server: $schema=../schema/slotplan.schema.json
            kind: Campaign
            version: 1
            id: campaign-\(i)
            name: Generated campaign \(i)
            owner: \(owner)
            booking:
              enabled: true
              meeting:
                length: \(length)m
                type: \(type)
            \(availability)  buffers: { before: \(i % 4 * 5)m, after: 5m }
              minimum_notice: \(1 + i % 4)h
              look_ahead: \(7 + i % 21)d
              slot_step: 15m
              daily_limit: \(1 + i % 8)
              tentative: \(i % 2 == 0 ? "busy" : "free")
              invite:
                title: "Call \(i): <recipient.firstName ?? \\"you\\"> and <owner.name>"
                description: |
                  Hi <recipient.firstName ?? "there">, looking forward to it.
                  This is generated campaign number \(i).
              messages:
                offer: "I have <slot.ownerTime> available<slot.recipientClause>. Does that work?"

            """
    }
}
