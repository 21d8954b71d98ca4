import Availability
import PlanModel
import Booking
import BookingPostgres
import BookingSQLite
import Foundation
import Testing
import TestSupport

/// Many `slotplan book` processes at once on one SQLite ledger and one vdir calendar, some of them
/// killed mid-flight: exactly one meeting per slot, nothing lost, nothing half-written.
@Suite(.serialized) struct BookingStormTests {
    static let now = "2026-11-30T14:00:00Z"

    /// Offered starts at least an hour apart (so their buffered ranges never touch).
    static func separateSlots(_ count: Int) throws -> [String] {
        let out = try CommandRunner.run(["preview", "q4-renewals", "--busy", "examples/maria-calendar.ics", "--now", now, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let starts = (object["slots"] as? [[String: Any]] ?? []).compactMap { $0["start"] as? String }
        var picked: [String] = [], last: UnixTime = 0
        for s in starts {
            guard let t = Timestamp.parse(s), t - last >= 3600 else { continue }
            picked.append(s); last = t
            if picked.count == count { break }
        }
        return picked
    }

    /// Starts every command at once; kills those chosen after a short random delay; waits (bounded).
    /// What each process printed goes to `<log>-<index>.txt`, for the messages of failed expectations.
    static func storm(_ commands: [[String]], kill: Set<Int> = [], log: URL) throws -> [Int32] {
        let executable = try #require(CommandRunner.executable)
        var processes: [Process] = []
        for (index, args) in commands.enumerated() {
            let p = Process()
            p.executableURL = executable
            p.arguments = args
            p.currentDirectoryURL = DemoWorkspace.root
            let path = log.path + "-\(index).txt"
            FileManager.default.createFile(atPath: path, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            p.standardOutput = handle
            p.standardError = handle
            processes.append(p)
        }
        for p in processes { try p.run() }
        for index in kill.sorted() {
            usleep(UInt32.random(in: 2_000...40_000))
            Foundation.kill(processes[index].processIdentifier, SIGKILL)
        }
        let deadline = Date().addingTimeInterval(120)
        for p in processes {
            while p.isRunning && Date() < deadline { usleep(10_000) }
            if p.isRunning { p.terminate() }
            p.waitUntilExit()
        }
        return processes.map(\.terminationStatus)
    }

    /// The ledgers to storm: SQLite always, PostgreSQL when the test cluster runs (`make test`).
    static var ledgers: [String] {
        guard PostgresTestDatabase.clusterURL != nil else {
            PostgresTestDatabase.noteSkipped()
            return ["sqlite"]
        }
        return ["sqlite", "postgres"]
    }

    static func runtime(_ kind: String) throws -> (dir: URL, ledger: String, calendar: String) {
        let dir = try CommandRunner.temporaryFolder()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("calendar"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: DemoWorkspace.mariaCalendar, to: dir.appendingPathComponent("calendar/maria-calendar.ics"))
        guard kind != "sqlite" else { return (dir, "sqlite:\(dir.path)/slotplan.db", "vdir:\(dir.path)/calendar") }
        return (dir, try PostgresTestDatabase.create(), "vdir:\(dir.path)/calendar")
    }

    static func openLedger(_ url: String) async throws -> any BookingLedger {
        url.hasPrefix("sqlite:") ? try SQLiteLedger(path: String(url.dropFirst(7))) : try await PostgresLedger.connect(url: url)
    }

    static func book(_ slot: String, _ email: String, _ ledger: String, _ calendar: String, now: String = now) -> [String] {
        ["book", "q4-renewals", "--at", slot, "--email", email, "--ledger", ledger, "--calendar", calendar, "--now", now]
    }

    /// Processes that open a new SQLite ledger at once all get it: the WAL switch and the
    /// migration are retried together (the WAL switch used to fail with "database is locked").
    @Test func processesOpeningANewLedgerAtOnceAllSucceed() throws {
        for round in 0..<10 {
            let dir = try CommandRunner.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: dir) }
            let commands = (0..<16).map { ["cancel", "bk_none\($0)", "--ledger", "sqlite:\(dir.path)/new.db", "--calendar", "vdir:\(dir.path)/calendar"] }
            let log = dir.appendingPathComponent("open")
            let statuses = try Self.storm(commands, log: log)
            for (index, status) in statuses.enumerated() {
                let said = (try? String(contentsOfFile: log.path + "-\(index).txt", encoding: .utf8)) ?? ""
                #expect(status == 1 && said.contains("no booking bk_none\(index)"), "round \(round), process \(index): \(said)")
            }
        }
    }

    @Test(arguments: ledgers)
    func concurrentProcessesLeaveExactlyOneMeetingPerSlot(_ kind: String) async throws {
        let (dir, ledgerURL, calendarURL) = try Self.runtime(kind)
        defer { try? FileManager.default.removeItem(at: dir) }
        let slots = try Self.separateSlots(4)
        #expect(slots.count == 4)
        let commands = slots.flatMap { slot in (0..<4).map { Self.book(slot, "caller\($0)@example.com", ledgerURL, calendarURL) } }
        let log = dir.appendingPathComponent("process")
        let codes = try Self.storm(commands, log: log)
        let unexpected = codes.enumerated().filter { $0.element != 0 && $0.element != 3 }
            .map { (try? String(contentsOfFile: log.path + "-\($0.offset).txt", encoding: .utf8)) ?? "" }
        #expect(unexpected.isEmpty, "processes failed: \(unexpected)")
        #expect(codes.filter { $0 == 0 }.count == 4, "\(codes)")
        #expect(codes.filter { $0 == 3 }.count == 12, "the others are told taken: \(codes)")
        let told = (0..<codes.count).filter { codes[$0] == 3 }.map { (try? String(contentsOfFile: log.path + "-\($0).txt", encoding: .utf8)) ?? "" }
        #expect(told.allSatisfy { $0.hasPrefix("slot taken; next offered: ") }, "\(told)")
        let ledger = try await Self.openLedger(ledgerURL)
        let live = try await ledger.liveEntries(calendar: "google:maria@acme.example/primary", from: 0, to: 4_102_444_800, now: Timestamp.parse(Self.now) ?? 0)
        #expect(live.count == 4 && live.allSatisfy { $0.status == .confirmed })
        #expect(Set(live.map { Timestamp.utc($0.start) }) == Set(slots.map { $0.replacingOccurrences(of: ".000", with: "") }))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/calendar").filter { $0.hasPrefix("bk_") }
        #expect(Set(files) == Set(live.compactMap(\.eventReference)))
    }

    @Test(arguments: ledgers)
    func killedProcessesLoseNoBookingAndLeaveNoneHalfWritten(_ kind: String) async throws {
        let (dir, ledgerURL, calendarURL) = try Self.runtime(kind)
        defer { try? FileManager.default.removeItem(at: dir) }
        let slots = try Self.separateSlots(10)
        let commands = slots.flatMap { slot in (0..<2).map { Self.book(slot, "caller\($0)@example.com", ledgerURL, calendarURL) } }
        let killed = Set(stride(from: 0, to: commands.count, by: 2))
        let log = dir.appendingPathComponent("process")
        let codes = try Self.storm(commands, kill: killed, log: log)
        #expect(codes.count == 20)
        // A later booking (ten minutes on) settles what the killed processes left.
        let later = "2026-11-30T14:10:00Z"
        let spare = try #require(Self.separateSlots(12).last)
        _ = try CommandRunner.run(Self.book(spare, "late@example.com", ledgerURL, calendarURL, now: later))
        let ledger = try await Self.openLedger(ledgerURL)
        let calendar = "google:maria@acme.example/primary"
        let laterTime = (Timestamp.parse(later) ?? 0) + claimLifetime
        #expect(try await ledger.expiredClaims(calendar: calendar, now: laterTime).isEmpty, "no claim is left unsettled")
        let live = try await ledger.liveEntries(calendar: calendar, from: 0, to: 4_102_444_800, now: laterTime)
        let confirmed = live.filter { $0.status == .confirmed }
        let files = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path + "/calendar").filter { $0.hasPrefix("bk_") })
        #expect(Set(confirmed.compactMap(\.eventReference)) == files, "every confirmed booking has its event and every event its booking")
        for (a, b) in zip(confirmed.sorted { $0.start < $1.start }, confirmed.sorted { $0.start < $1.start }.dropFirst()) {
            #expect(a.blockEnd <= b.blockStart, "no two meetings overlap")
        }
        // Every process told "booked" has its booking (nothing lost). A survivor may be told "taken"
        // by a claim its killed rival held: that claim was live, since a living process could have held it.
        for (index, code) in codes.enumerated() where code == 0 {
            #expect(confirmed.contains { Timestamp.utc($0.start) == commands[index][3] }, "\(commands[index][3]) lost its booking")
        }
        let unexpected = codes.enumerated().filter { !killed.contains($0.offset) && $0.element != 0 && $0.element != 3 }
            .map { "exit \($0.element): " + ((try? String(contentsOfFile: log.path + "-\($0.offset).txt", encoding: .utf8)) ?? "") }
        #expect(unexpected.isEmpty, "survivors failed: \(unexpected)")
    }
}
