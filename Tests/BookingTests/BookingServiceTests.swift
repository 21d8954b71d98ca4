import Availability
import Booking
import BookingSQLite
import Foundation
import FreeBusy
import PlanModel
import PolicyLanguage
import Testing
import TestSupport
import Calendars

/// Book and cancel end to end: the example campaign, the sample calendar in a vdir folder, the SQLite ledger.
@Suite struct BookingServiceTests {
    static let root = DemoWorkspace.root
    static let now: UnixTime = 1_796_047_200  // 2026-11-30T14:00:00Z (a Monday, 09:00 in New York)
    static let slot: UnixTime = 1_796_138_100  // 2026-12-01T15:15:00Z: offered (10:15 Eastern)

    static func plan(_ id: String = "q4-renewals") throws -> Plan {
        let campaigns = root.appendingPathComponent("campaigns")
        var files = try WorkspaceFiles.discover([campaigns.path]).map { ($0, [UInt8](try Data(contentsOf: URL(fileURLWithPath: $0)))) }
        // A second campaign booking on Maria's calendar, for races between campaigns.
        let q4 = try String(contentsOf: campaigns.appendingPathComponent("q4-renewals.yaml"), encoding: .utf8)
        files.append(("q4-renewals-b.yaml", Array(q4.replacingOccurrences(of: "id: q4-renewals", with: "id: q4-renewals-b").utf8)))
        let result = PolicyCompiler().compile(files: files)
        return try #require(result.plans.first { $0.campaign.id == id })
    }

    /// The file's content lines, unfolded.
    static func unfolded(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "\r\n ", with: "")
    }

    /// A temporary vdir holding the sample calendar, and a fresh ledger.
    static func workspace() throws -> (folder: String, ledger: SQLiteLedger, ledgerPath: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vdir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: root.appendingPathComponent("examples/maria-calendar.ics"), to: dir.appendingPathComponent("maria-calendar.ics"))
        let ledgerPath = dir.appendingPathComponent(".ledger.db").path
        return (dir.path, try SQLiteLedger(path: ledgerPath), ledgerPath)
    }

    static let ana = Recipient(email: "ana@example.com", firstName: "Ana", lastName: "Silva", phone: "+13125550100", company: "Globex")

    @Test func bookWritesTheEventConfirmsAndReplays() async throws {
        let (folder, ledger, _) = try Self.workspace()
        let service = BookingService(plan: try Self.plan(), ledger: ledger, calendar: VdirCalendar(folder: folder))
        guard case .booked(let entry, replayed: false) = await service.book(start: Self.slot, recipient: Self.ana, idempotencyKey: "call-1", now: Self.now) else {
            Issue.record("not booked"); return
        }
        #expect(entry.status == .confirmed && entry.eventReference == "\(entry.id).ics")
        let ics = try Self.unfolded(folder + "/\(entry.id).ics")
        #expect(ics.contains("SUMMARY:Renewal chat: Ana × Acme\r\n"))
        #expect(ics.contains("DTSTART:20261201T151500Z\r\nDTEND:20261201T154500Z\r\n"))
        #expect(ics.contains("ATTENDEE;CN=Ana Silva;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:ana@example.com"))
        // A retried confirmation returns the same booking, though its own event now fills the slot.
        #expect(await service.book(start: Self.slot, recipient: Self.ana, idempotencyKey: "call-1", now: Self.now) == .booked(entry, replayed: true))
        // Another caller for the same time: taken (a booking holds it), with alternatives.
        guard case .taken(let alternatives) = await service.book(start: Self.slot, recipient: Self.ana, idempotencyKey: "call-2", now: Self.now) else {
            Issue.record("second booking of the slot was not told taken"); return
        }
        #expect(!alternatives.isEmpty && alternatives.allSatisfy { $0.start > Self.slot })
        // A time that no booking holds but the calendar does: not offered, with the reason.
        guard case .notOffered(let reasons, _) = await service.book(start: Self.slot - 3600, recipient: Self.ana, idempotencyKey: "call-3", now: Self.now) else {
            Issue.record("the standup's time was offered"); return
        }
        #expect(reasons.contains { $0.code == .busy && $0.message.contains("Team standup") })
    }

    @Test func theLoserOfARaceIsToldTakenWithAlternatives() async throws {
        let (folder, ledger, _) = try Self.workspace()
        let otherFolder = folder + "-replica"
        try FileManager.default.copyItem(atPath: folder, toPath: otherFolder)
        let plan = try Self.plan()
        // Two campaigns on Maria's calendar whose runtimes both saw the slot free (the second's
        // calendar replica has not synced yet): the ledger decides.
        let first = BookingService(plan: plan, ledger: ledger, calendar: VdirCalendar(folder: folder))
        let second = BookingService(plan: try Self.plan("q4-renewals-b"), ledger: ledger, calendar: VdirCalendar(folder: otherFolder))
        guard case .booked = await first.book(start: Self.slot, recipient: Self.ana, idempotencyKey: "a", now: Self.now) else { Issue.record("first lost"); return }
        guard case .taken(let alternatives) = await second.book(start: Self.slot, recipient: Self.ana, idempotencyKey: "b", now: Self.now) else {
            Issue.record("second was not told taken"); return
        }
        #expect(alternatives.first?.start == Self.slot + 45 * 60, "the next slot clear of the winner's buffers")
        #expect((try FileManager.default.contentsOfDirectory(atPath: otherFolder)).filter { $0.hasPrefix("bk_") }.isEmpty, "the loser wrote no event")
    }

    @Test func recipientFieldsCannotInjectLinesOrTokens() async throws {
        let (folder, ledger, _) = try Self.workspace()
        let service = BookingService(plan: try Self.plan(), ledger: ledger, calendar: VdirCalendar(folder: folder))
        let mallory = Recipient(email: "m@example.com", firstName: "Ana\r\nATTENDEE:mailto:evil@example.com", lastName: nil, phone: nil,
                                company: "<owner.email>; \\ ,")
        guard case .booked(let entry, _) = await service.book(start: Self.slot, recipient: mallory, idempotencyKey: "m", now: Self.now) else {
            Issue.record("not booked"); return
        }
        let raw = try String(contentsOfFile: folder + "/\(entry.id).ics", encoding: .utf8)
        #expect(raw.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        let ics = try Self.unfolded(folder + "/\(entry.id).ics")
        let lines = ics.components(separatedBy: "\r\n")
        #expect(!lines.contains { $0.hasPrefix("ATTENDEE:mailto:evil") }, "no injected property")
        #expect(lines.filter { $0.hasPrefix("ATTENDEE") }.count == 1)
        #expect(ics.contains("SUMMARY:Renewal chat: Ana ATTENDEE:mailto:evil@example.com × Acme\r\n"), "CR/LF stripped from the one-line title")
        #expect(ics.contains("<owner.email>\\; \\\\ \\,"), "a token-like value stays literal, escaped for TEXT")
        #expect(!ics.contains("maria@acme.example your plan"), "the value was not re-read as a token")
    }

    struct FailingCalendar: CalendarTarget {
        func freeBusy(from: UnixTime, to: UnixTime, floatingZone: String, excludingBooking: String?) async throws -> BusyTime { BusyTime() }
        func create(_ draft: EventDraft, now: UnixTime) async throws -> String { throw LedgerError("HTTP 503 from the provider") }
        func delete(reference: String) async throws {}
        func find(entry: LedgerEntry) async throws -> String? { nil }
        func update(reference: String, with draft: EventDraft, now: UnixTime) async throws { throw LedgerError("HTTP 503 from the provider") }
    }

    @Test func aProviderFailureReleasesTheClaimAndSaysWhy() async throws {
        let (folder, ledger, _) = try Self.workspace()
        let plan = try Self.plan()
        let failing = BookingService(plan: plan, ledger: ledger, calendar: FailingCalendar())
        guard case .failed(let reason) = await failing.book(start: Self.slot, recipient: Self.ana, idempotencyKey: "x", now: Self.now) else {
            Issue.record("no failure"); return
        }
        #expect(reason.code == .calendarRefused && reason.message.contains("HTTP 503") && reason.message.contains("released"))
        let working = BookingService(plan: plan, ledger: ledger, calendar: VdirCalendar(folder: folder))
        guard case .booked = await working.book(start: Self.slot, recipient: Self.ana, idempotencyKey: "y", now: Self.now) else {
            Issue.record("the failed claim still held the slot"); return
        }
    }

    @Test func cancelDeletesTheEventAndFreesTheSlot() async throws {
        let (folder, ledger, _) = try Self.workspace()
        let calendar = VdirCalendar(folder: folder)
        let service = BookingService(plan: try Self.plan(), ledger: ledger, calendar: calendar)
        guard case .booked(let entry, _) = await service.book(start: Self.slot, recipient: Self.ana, idempotencyKey: "c1", now: Self.now) else {
            Issue.record("not booked"); return
        }
        guard case .cancelled(let cancelled, replayed: false) = await BookingCanceller(ledger: ledger, calendar: calendar).cancel(id: entry.id) else {
            Issue.record("cancel failed"); return
        }
        #expect(cancelled.status == .cancelled)
        #expect(!FileManager.default.fileExists(atPath: folder + "/\(entry.id).ics"))
        guard case .booked = await service.book(start: Self.slot, recipient: Self.ana, idempotencyKey: "c2", now: Self.now) else {
            Issue.record("slot not free after cancel"); return
        }
    }

    @Test func disabledOrUnconnectedCampaignsSkipWithAReason() async throws {
        let (folder, ledger, _) = try Self.workspace()
        let disabled = BookingService(plan: try Self.plan("newsletter-nurture"), ledger: ledger, calendar: VdirCalendar(folder: folder))
        guard case .skipped(let reason) = await disabled.book(start: Self.slot, recipient: Self.ana, idempotencyKey: "s", now: Self.now) else {
            Issue.record("not skipped"); return
        }
        #expect(reason.code == .bookingDisabled && reason.message.contains("disabled"))
    }

    @Test func anUnreadableCalendarFileIsUnknownNotFree() async throws {
        let (folder, ledger, _) = try Self.workspace()
        // Not a calendar at all (one damaged event would cost only that event, with a warning).
        try Data("BEGIN:VCALENDAR\r\nnonsense".utf8).write(to: URL(fileURLWithPath: folder + "/broken.ics"))
        let service = BookingService(plan: try Self.plan(), ledger: ledger, calendar: VdirCalendar(folder: folder))
        guard case .unavailable(let reason) = await service.book(start: Self.slot, recipient: Self.ana, idempotencyKey: "u", now: Self.now) else {
            Issue.record("booked against an unknown calendar"); return
        }
        #expect(reason.code == .calendarUnavailable && reason.message.contains("unknown"))
    }
}

/// What a process killed between claiming and confirming leaves behind, and how it is settled.
@Suite struct CrashRecoveryTests {
    @Test func aClaimWithItsEventIsConfirmedOneWithoutIsReleased() async throws {
        let (folder, ledger, _) = try BookingServiceTests.workspace()
        let plan = try BookingServiceTests.plan()
        let service = BookingService(plan: plan, ledger: ledger, calendar: VdirCalendar(folder: folder))
        let key = try #require(service.calendarKey)
        let now = BookingServiceTests.now, slot = BookingServiceTests.slot
        // Process A died after writing the event; process B died right after claiming.
        guard case .claimed(let a) = try await ledger.claim(request("dead-a", start: slot, calendar: key, now: now)),
              case .claimed(let b) = try await ledger.claim(request("dead-b", start: slot + 3 * 3600, calendar: key, now: now)) else {
            Issue.record("claims failed"); return
        }
        let draft = try EventDraft.make(plan: plan, recipient: BookingServiceTests.ana, bookingID: a.id, start: a.start, end: a.end)
        _ = try await VdirCalendar(folder: folder).create(draft, now: now)
        #expect(try await service.reconcile(now: now + claimLifetime - 1).isEmpty, "live claims are left alone")
        let settled = try await service.reconcile(now: now + claimLifetime)
        #expect(settled.map(\.id) == [a.id])
        #expect(try await ledger.entry(id: a.id)?.status == .confirmed)
        #expect(try await ledger.entry(id: b.id) == nil, "the claim without an event is gone")
        #expect(try await ledger.expiredClaims(calendar: key, now: now + 10 * claimLifetime).isEmpty)
    }
}

/// A service's bookings settle a calendar's unsettled claims at most once per interval of booking
/// time: the first booking does, one a few seconds later does not, one past the interval does.
@Suite struct ReconcileScheduleTests {
    @Test func aCalendarIsDueOncePerIntervalAndAgainWhenTheClockGoesBack() {
        let schedule = ReconcileSchedule(interval: 10)
        #expect(schedule.take(calendar: "a", now: 100) && !schedule.take(calendar: "a", now: 100) && !schedule.take(calendar: "a", now: 109))
        #expect(schedule.take(calendar: "b", now: 105), "each calendar on its own")
        #expect(schedule.take(calendar: "a", now: 110) && !schedule.take(calendar: "a", now: 115))
        #expect(schedule.take(calendar: "a", now: 50), "a clock that went back")
    }

    @Test func bookingsSettleOrphanedClaimsOncePerInterval() async throws {
        let (folder, ledger, _) = try BookingServiceTests.workspace()
        let plan = try BookingServiceTests.plan()
        let service = BookingService(plan: plan, ledger: ledger, calendar: VdirCalendar(folder: folder), reconciles: ReconcileSchedule(interval: 10))
        let key = try #require(service.calendarKey)
        let now = BookingServiceTests.now, slot = BookingServiceTests.slot
        // Claims of processes that died before writing their events, from two minutes and more ago.
        func orphan(_ name: String, hours: Int64) async throws -> LedgerEntry {
            guard case .claimed(let entry) = try await ledger.claim(request(name, start: slot + hours * 3_600, calendar: key, now: now)) else {
                throw LedgerError("claim \(name) failed")
            }
            return entry
        }
        let first = try await orphan("dead-1", hours: 3)
        let later = now + claimLifetime
        guard case .booked = await service.book(start: slot, recipient: BookingServiceTests.ana, idempotencyKey: "k1", now: later) else {
            Issue.record("not booked"); return
        }
        #expect(try await ledger.entry(id: first.id) == nil, "the first booking settled the orphan")
        let second = try await orphan("dead-2", hours: 5)
        guard case .booked = await service.book(start: slot + 86_400, recipient: BookingServiceTests.ana, idempotencyKey: "k2",
                                                now: later + 5) else { Issue.record("not booked"); return }
        #expect(try await ledger.entry(id: second.id)?.status == .claimed, "five seconds later: not yet")
        let third = await service.book(start: slot + 2 * 86_400 + 3_600, recipient: BookingServiceTests.ana, idempotencyKey: "k3", now: later + 10)
        guard case .booked = third else { Issue.record("not booked: \(third)"); return }
        #expect(try await ledger.entry(id: second.id) == nil, "ten seconds later: settled")
    }
}

/// Moving a booking on the same call.
@Suite struct RescheduleTests {
    @Test func moveUpdatesTheEventInPlaceAndFreesTheOldTime() async throws {
        let (folder, ledger, _) = try BookingServiceTests.workspace()
        let service = BookingService(plan: try BookingServiceTests.plan(), ledger: ledger, calendar: VdirCalendar(folder: folder))
        let now = BookingServiceTests.now, slot = BookingServiceTests.slot
        guard case .booked(let original, _) = await service.book(start: slot, recipient: BookingServiceTests.ana, idempotencyKey: "b", now: now) else {
            Issue.record("not booked"); return
        }
        // Fifteen minutes later overlaps its own buffered range: allowed.
        guard case .booked(let moved, replayed: false) = await service.reschedule(id: original.id, to: slot + 900, idempotencyKey: "m1", now: now) else {
            Issue.record("not moved"); return
        }
        #expect(moved.lineage == original.id && moved.eventReference == original.eventReference)
        #expect(try await ledger.entry(id: original.id)?.status == .cancelled)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("bk_") }
        #expect(files == ["\(original.id).ics"], "one event, updated in place")
        let ics = try BookingServiceTests.unfolded(folder + "/\(original.id).ics")
        #expect(ics.contains("UID:\(original.id)@slotplan\r\n") && ics.contains("DTSTART:20261201T153000Z\r\n") && ics.contains("SEQUENCE:1"))
        #expect(await service.reschedule(id: original.id, to: slot + 900, idempotencyKey: "m1", now: now) == .booked(moved, replayed: true))
        // Moved again, to the afternoon: the morning is free again for others.
        guard case .booked(let again, _) = await service.reschedule(id: moved.id, to: slot + 3 * 3600, idempotencyKey: "m2", now: now) else {
            Issue.record("second move failed"); return
        }
        #expect(again.lineage == original.id)
        guard case .booked = await service.book(start: slot, recipient: BookingServiceTests.ana, idempotencyKey: "other", now: now) else {
            Issue.record("old time not free"); return
        }
    }

    @Test func aFailedMoveLeavesTheBookingWhereItWas() async throws {
        let (folder, ledger, _) = try BookingServiceTests.workspace()
        let plan = try BookingServiceTests.plan()
        let service = BookingService(plan: plan, ledger: ledger, calendar: VdirCalendar(folder: folder))
        let now = BookingServiceTests.now, slot = BookingServiceTests.slot
        guard case .booked(let original, _) = await service.book(start: slot, recipient: BookingServiceTests.ana, idempotencyKey: "b", now: now) else {
            Issue.record("not booked"); return
        }
        let failing = BookingService(plan: plan, ledger: ledger, calendar: BookingServiceTests.FailingCalendar())
        guard case .failed(let reason) = await failing.reschedule(id: original.id, to: slot + 3 * 3600, idempotencyKey: "m", now: now) else {
            Issue.record("no failure"); return
        }
        #expect(reason.code == .calendarRefused && reason.message.contains("stays at its old time"))
        #expect(try await ledger.entry(id: original.id)?.status == .confirmed)
        #expect(try await ledger.entries(lineage: original.id).map(\.id) == [original.id], "the move's claim was released")
        // Into time that is not offered: alternatives, booking untouched.
        guard case .notOffered(_, let alternatives) = await service.reschedule(id: original.id, to: slot + 5, idempotencyKey: "n", now: now) else {
            Issue.record("an off-grid time was accepted"); return
        }
        #expect(!alternatives.isEmpty)
    }

    @Test func aMoveInterruptedAfterTheEventUpdateIsCompletedByReconciliation() async throws {
        let (folder, ledger, _) = try BookingServiceTests.workspace()
        let plan = try BookingServiceTests.plan()
        let service = BookingService(plan: plan, ledger: ledger, calendar: VdirCalendar(folder: folder))
        let now = BookingServiceTests.now, slot = BookingServiceTests.slot
        guard case .booked(let original, _) = await service.book(start: slot, recipient: BookingServiceTests.ana, idempotencyKey: "b", now: now),
              let calendarKey = service.calendarKey, let reference = original.eventReference else {
            Issue.record("not booked"); return
        }
        // The process claimed the move and updated the event, then died.
        guard case .claimed(let moved) = try await ledger.move(id: original.id, to: request("m", start: slot + 3600, calendar: calendarKey, now: now)) else {
            Issue.record("move not claimed"); return
        }
        let draft = try EventDraft.make(plan: plan, recipient: BookingServiceTests.ana, bookingID: moved.id, lineage: original.id,
                                        start: moved.start, end: moved.end)
        try await VdirCalendar(folder: folder).update(reference: reference, with: draft, now: now)
        let settled = try await service.reconcile(now: now + claimLifetime)
        #expect(settled.map(\.id) == [moved.id])
        #expect(try await ledger.entry(id: moved.id)?.status == .confirmed)
        #expect(try await ledger.entry(id: original.id)?.status == .cancelled)
    }
}

@Suite struct ExpiredConnectionTests {
    @Test func anExpiredConnectionSkipsBookingWithItsReason() async throws {
        let team = """
            kind: Team
            version: 1
            members:
              kim: { name: Kim Park, email: kim@acme.example, calendars: { google: { account: kim@acme.example, timezone: UTC, connected_at: 2026-10-01T00:00:00Z, status: expired } } }
            """
        let campaign = "kind: Campaign\nversion: 1\nid: k\nowner: kim\nbooking:\n  enabled: true\n  availability: { weekly: { daily: 09:00-17:00 } }\n"
        let result = PolicyCompiler().compile(files: [("team.yaml", Array(team.utf8)), ("k.yaml", Array(campaign.utf8))])
        let plan = try #require(result.plans.first)
        #expect(result.diagnostics.map(\.code) == ["SP404"], "check warns")
        let (folder, ledger, _) = try BookingServiceTests.workspace()
        let service = BookingService(plan: plan, ledger: ledger, calendar: VdirCalendar(folder: folder))
        guard case .skipped(let reason) = await service.book(start: BookingServiceTests.slot, recipient: BookingServiceTests.ana,
                                                             idempotencyKey: "k", now: BookingServiceTests.now) else {
            Issue.record("booked on an expired connection"); return
        }
        #expect(reason.code == .connectionExpired && reason.message.contains("expired") && reason.message.contains("reconnected"))
        // Offering goes on: the slot engine still offers times.
        #expect(!SlotEngine(plan: plan).evaluate(now: BookingServiceTests.now, freeBusy: BusyTime()).slots.isEmpty)
    }
}
