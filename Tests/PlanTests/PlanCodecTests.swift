import Foundation
import Testing

@testable import PlanModel

/// The hex rendering of swift-crypto's digest (the algorithm itself is swift-crypto's to test).
@Suite struct ContentHashTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ])
    func knownVectors(_ input: String, _ digest: String) {
        #expect(ContentHash.sha256Hex(of: Array(input.utf8)) == digest)
    }
}

@Suite struct PlanCodecTests {
    static func sample(title: String = "Chat with <recipient.firstName>") -> Plan {
        let person = Person(id: "maria", name: "Maria Lopez", email: "maria@acme.example")
        let template = Template(source: title, parts: [.text("Chat with "), .token(path: "recipient.firstName", fallback: nil)])
        return Plan(
            campaign: CampaignInfo(id: "q4", name: "Q4 / renewals ×"),
            owner: person,
            booking: BookingPolicy(
                enabled: true, calendarOwner: person,
                connections: [CalendarConnection(provider: .google, account: "maria@acme.example", accountType: nil, calendar: "primary",
                                                 timezone: "America/New_York", connectedAt: "2026-10-01T14:03:00Z", status: .active)],
                bookOn: ProviderSelection(provider: .google, reason: .bookOn),
                meeting: Meeting(minutes: 30, type: .video, address: nil, link: nil),
                schedule: WeeklySchedule(id: "hours", timezone: "America/New_York",
                                         weekly: [WeeklyHours(day: .fri, windows: [Window(startMinute: 540, endMinute: 720)]),
                                                  WeeklyHours(day: .mon, windows: [Window(startMinute: 540, endMinute: 720)])],
                                         dates: [DateOverride(date: "2026-12-25", windows: [])]),
                bufferBeforeMinutes: 10, bufferAfterMinutes: 5, minimumNoticeMinutes: 120, lookAheadDays: 14,
                slotStepMinutes: 15, dailyLimit: 6, tentative: .busy,
                invite: Invite(title: template, description: Template(literal: ""))),
            messages: Messages(propose: template, askEmail: template, readback: template, offer: template, booked: template,
                               taken: template, rescheduled: template))
    }

    @Test func roundTripsAndCarriesAHash() throws {
        let data = try PlanCodec.encode(Self.sample())
        let decoded = try PlanCodec.decode(data)
        #expect(decoded.withContentHash(nil) == Self.sample())
        #expect(decoded.contentHash?.hasPrefix("sha256:") == true)
        #expect(try PlanCodec.encode(decoded) == data, "re-encoding a decoded plan is byte-identical")
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"format\" : \"slotplan.plan/2\""))
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("Q4 / renewals ×"), "no escaped slashes or non-ASCII")
    }

    @Test func weeklyHoursAreSortedMondayFirst() {
        #expect(Self.sample().booking.schedule?.weekly.map(\.day) == [.mon, .fri])
    }

    @Test func differentContentGivesDifferentHash() throws {
        #expect(try PlanCodec.contentHash(of: Self.sample()) != PlanCodec.contentHash(of: Self.sample(title: "Hi")))
    }

    @Test func editedPlanIsRefused() throws {
        let text = String(decoding: try PlanCodec.encode(Self.sample()), as: UTF8.self)
        let edited = text.replacingOccurrences(of: "\"daily_limit\" : 6", with: "\"daily_limit\" : 60")
        #expect(edited != text)
        #expect {
            try PlanCodec.decode(Data(edited.utf8))
        } throws: { error in
            if case .hashMismatch = error as? PlanDecodingError { return true } else { return false }
        }
    }

    @Test func otherFormatVersionIsRefusedByName() throws {
        let text = String(decoding: try PlanCodec.encode(Self.sample()), as: UTF8.self)
        let future = text.replacingOccurrences(of: "slotplan.plan/2", with: "slotplan.plan/3")
        #expect(throws: PlanDecodingError.unsupportedFormat("slotplan.plan/3")) { try PlanCodec.decode(Data(future.utf8)) }
        // A plan compiled before holds and offering (format 1) asks to be recompiled.
        let past = text.replacingOccurrences(of: "slotplan.plan/2", with: "slotplan.plan/1")
        #expect(throws: PlanDecodingError.unsupportedFormat("slotplan.plan/1")) { try PlanCodec.decode(Data(past.utf8)) }
        #expect(throws: PlanDecodingError.self) { try PlanCodec.decode(Data("[1, 2]".utf8)) }
    }

    @Test func writerWritesAllPlansAndReplacesOldOnes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plans-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try PlanWriter.write([Self.sample(title: "old")], to: folder)
        let written = try PlanWriter.write([Self.sample()], to: folder)
        #expect(written == [folder + "/q4.plan.json"])
        let back = try PlanCodec.decode(Data(contentsOf: URL(fileURLWithPath: written[0])))
        #expect(back.withContentHash(nil) == Self.sample())
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["q4.plan.json"], "no temporary files left")
    }
}

@Suite struct TemplateRenderTests {
    let template = Template(source: "", parts: [
        .text("Hi "), .token(path: "recipient.firstName", fallback: "there"), .text(", "),
        .token(path: "owner.name", fallback: nil),
    ])

    @Test func rendersValuesAndFallbacks() throws {
        #expect(try template.render(["recipient.firstName": "Ana", "owner.name": "Maria"]) == "Hi Ana, Maria")
        #expect(try template.render(["owner.name": "Maria"]) == "Hi there, Maria")
        #expect(try template.render(["recipient.firstName": "", "owner.name": "Maria"]) == "Hi there, Maria")
    }

    @Test func missingValueWithoutFallbackIsAnError() {
        #expect(throws: TemplateRenderError.missingValue(path: "owner.name", template: "")) {
            try template.render(["recipient.firstName": "Ana"])
        }
    }

    @Test func valuesAreNeverReadAsTokens() throws {
        let out = try template.render(["recipient.firstName": "<owner.name>", "owner.name": "Maria"])
        #expect(out == "Hi <owner.name>, Maria")
    }

    @Test func escapeAppliesToEverything() throws {
        let out = try template.render(["recipient.firstName": "A\nB", "owner.name": "M"]) { $0.replacingOccurrences(of: "\n", with: " ") }
        #expect(out == "Hi A B, M")
    }

    @Test func windowSpelling() {
        #expect(Window(startMinute: 1350, endMinute: 1560).description == "22:30-02:00")
        #expect(Window(startMinute: 780, endMinute: 1440).description == "13:00-24:00")
        #expect(Window(startMinute: 540, endMinute: 720).minutes == 180)
    }
}
