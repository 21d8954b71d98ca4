import Availability
import PlanModel
import Booking
@testable import BookingPostgres
import BookingSQLite
import Foundation
import Testing
import TestSupport

/// The contract every ledger keeps, run against each implementation: SQLite, and PostgreSQL on the
/// throwaway cluster `make test` starts (scripts/pg-test-cluster.sh).
enum LedgerKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    /// The unit tests' in-memory fake keeps the same contract.
    case memory
    var testDescription: String { rawValue }

    /// The kinds this machine can run; PostgreSQL is skipped (visibly) without a cluster.
    static var available: [LedgerKind] {
        if PostgresTestDatabase.clusterURL == nil {
            PostgresTestDatabase.noteSkipped()
            return [.sqlite, .memory]
        }
        return allCases
    }

    /// A fresh, empty ledger, and a way to open more connections to the same one.
    func make() async throws -> (ledger: any BookingLedger, reopen: @Sendable () async throws -> any BookingLedger) {
        switch self {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("ledger-\(UUID().uuidString).db").path
            return (try SQLiteLedger(path: path), { try SQLiteLedger(path: path) })
        case .postgres:
            let url = try PostgresTestDatabase.create()
            return (try await PostgresLedger.connect(url: url), { try await PostgresLedger.connect(url: url) })
        case .memory:
            let ledger = InMemoryLedger()
            return (ledger, { ledger })
        }
    }
}

func request(_ key: String, start: UnixTime, minutes: Int64 = 30, before: UnixTime = 600, after: UnixTime = 300,
             calendar: String = "google:maria@acme.example/primary", now: UnixTime = 1_796_000_000) -> ClaimRequest {
    ClaimRequest(calendar: calendar, campaign: "q4-renewals", start: start, end: start + minutes * 60, bufferBefore: before,
                 bufferAfter: after, idempotencyKey: key, recipient: Recipient(email: "ana@example.com", firstName: "Ana"), now: now)
}

@Suite struct LedgerContractTests {
    static let t0: UnixTime = 1_796_472_000  // 2026-12-05T12:00:00Z

    @Test(arguments: LedgerKind.available)
    func holdsBlockOthersUntilTheyExpireAndMoveOrGoWithTheirCall(_ kind: LedgerKind) async throws {
        let ledger = try await kind.make().ledger
        let now: UnixTime = 1_796_000_000
        guard case .claimed(let held) = try await ledger.hold(request("hold|call-a", start: Self.t0, now: now), until: now + 120) else {
            Issue.record("not held"); return
        }
        #expect(held.holdUntil == now + 120 && held.isLive(now: now + 119) && !held.isLive(now: now + 120))
        // Another caller is refused while the hold lasts …
        guard case .taken(let holder) = try await ledger.claim(request("call-b", start: Self.t0, now: now + 60)) else { Issue.record("not taken"); return }
        #expect(holder.id == held.id)
        #expect(try await ledger.liveEntries(calendar: held.calendar, from: Self.t0 - 3600, to: Self.t0 + 3600, now: now + 60).map(\.id) == [held.id])
        // … and gets the time once it has expired.
        guard case .claimed = try await ledger.claim(request("call-b2", start: Self.t0, now: now + 121)) else { Issue.record("expired hold still held"); return }
        // A new hold of the same call moves it; the old time is free again.
        _ = try await ledger.hold(request("hold|call-c", start: Self.t0 + 3 * 3600, now: now), until: now + 600)
        guard case .claimed = try await ledger.hold(request("hold|call-c", start: Self.t0 + 6 * 3600, now: now), until: now + 600) else {
            Issue.record("the call's hold did not move"); return
        }
        guard case .claimed = try await ledger.claim(request("call-d", start: Self.t0 + 3 * 3600, now: now)) else { Issue.record("old hold kept its time"); return }
        // The holding call books its held slot; the booking replaces the hold in one step.
        let booking = request("call-c-book", start: Self.t0 + 6 * 3600, now: now).replacing(hold: "hold|call-c")
        guard case .claimed(let booked) = try await ledger.claim(booking) else { Issue.record("the holder could not book its slot"); return }
        #expect(booked.holdUntil == nil)
        #expect(try await ledger.releaseHold(key: "hold|call-c") == nil, "the hold went with the booking")
        // Released explicitly: gone, and releasing again says there was none.
        _ = try await ledger.hold(request("hold|call-e", start: Self.t0 + 9 * 3600, now: now), until: now + 600)
        #expect(try await ledger.releaseHold(key: "hold|call-e") != nil)
        #expect(try await ledger.releaseHold(key: "hold|call-e") == nil)
        guard case .claimed = try await ledger.claim(request("call-f", start: Self.t0 + 9 * 3600, now: now)) else { Issue.record("released hold still held"); return }
    }

    @Test(arguments: LedgerKind.available)
    func theSharedSecretIsTheSameForEveryConnection(_ kind: LedgerKind) async throws {
        let (ledger, reopen) = try await kind.make()
        let first = try await ledger.sharedSecret()
        #expect(first.count == 32 && Set(first).count > 1)
        #expect(try await reopen().sharedSecret() == first, "another runtime on the same ledger reads the same secret")
    }

    @Test(arguments: LedgerKind.available)
    func theLongestBlockStillConflictsAtItsEndAndALongerOneIsRefused(_ kind: LedgerKind) async throws {
        let ledger = try await kind.make().ledger
        let day: UnixTime = 86_400
        func longest(_ key: String, after: UnixTime) -> ClaimRequest {
            ClaimRequest(calendar: "google:maria@acme.example/primary", campaign: "q4-renewals", start: Self.t0, end: Self.t0 + day, bufferBefore: day,
                         bufferAfter: after, idempotencyKey: key, recipient: Recipient(email: "ana@example.com"), now: 1_796_000_000)
        }
        // A day-long meeting with a day's buffer either side: the most a plan can ask (72 hours).
        guard case .claimed(let long) = try await ledger.claim(longest("long", after: day)) else { Issue.record("not claimed"); return }
        // Time touching only its last half hour is still taken: range scans start a whole block earlier.
        let lastHalfHour = Self.t0 + 2 * day - 1_800
        guard case .taken(let holder) = try await ledger.claim(request("late", start: lastHalfHour, before: 0, after: 0)) else {
            Issue.record("the end of the longest block did not conflict"); return
        }
        #expect(holder.id == long.id)
        #expect(try await ledger.liveEntries(calendar: long.calendar, from: Self.t0 + 2 * day - 60, to: Self.t0 + 2 * day, now: 1_796_000_000)
            .map(\.id) == [long.id])
        await #expect(throws: LedgerError.self) { try await ledger.claim(longest("longer", after: day + 1)) }
        await #expect(throws: LedgerError.self) { try await ledger.hold(longest("hold|longer", after: day + 1), until: 1_796_000_100) }
    }

    @Test(arguments: LedgerKind.available)
    func firstClaimWinsAndReplaysAreIdempotent(_ kind: LedgerKind) async throws {
        let ledger = try await kind.make().ledger
        guard case .claimed(let first) = try await ledger.claim(request("call-1", start: Self.t0)) else { Issue.record("not claimed"); return }
        #expect(try await ledger.claim(request("call-1", start: Self.t0)) == .replayed(first))
        guard case .taken(let holder) = try await ledger.claim(request("call-2", start: Self.t0 + 900)) else { Issue.record("not taken"); return }
        #expect(holder.id == first.id)
        // Buffers stack: first's block ends at t0+35m; a meeting starting t0+45m has a 10m before-buffer: touching is fine.
        guard case .claimed = try await ledger.claim(request("call-3", start: Self.t0 + 45 * 60)) else { Issue.record("touching blocks must not conflict"); return }
        // Another calendar never conflicts.
        guard case .claimed = try await ledger.claim(request("call-4", start: Self.t0, calendar: "outlook:dave@acme.example/Calendar")) else {
            Issue.record("other calendar conflicted"); return
        }
    }

    @Test(arguments: LedgerKind.available)
    func releaseAndCancelFreeTheTimeConfirmKeepsIt(_ kind: LedgerKind) async throws {
        let ledger = try await kind.make().ledger
        guard case .claimed(let a) = try await ledger.claim(request("a", start: Self.t0)) else { Issue.record("not claimed"); return }
        try await ledger.release(id: a.id)
        guard case .claimed(let b) = try await ledger.claim(request("b", start: Self.t0)) else { Issue.record("release did not free"); return }
        let confirmed = try await ledger.confirm(id: b.id, eventReference: "evt-1")
        #expect(confirmed.status == .confirmed && confirmed.eventReference == "evt-1")
        #expect(try await ledger.confirm(id: b.id, eventReference: "evt-1") == confirmed, "confirming twice is harmless")
        try await ledger.release(id: b.id)  // releasing a confirmed booking does nothing
        #expect(try await ledger.entry(id: b.id)?.status == .confirmed)
        guard case .taken = try await ledger.claim(request("c", start: Self.t0)) else { Issue.record("confirmed time was free"); return }
        #expect(try await ledger.cancel(id: b.id).status == .cancelled)
        guard case .claimed = try await ledger.claim(request("d", start: Self.t0)) else { Issue.record("cancel did not free"); return }
    }

    @Test(arguments: LedgerKind.available)
    func unconfirmedClaimsExpireConfirmedBookingsDoNot(_ kind: LedgerKind) async throws {
        let ledger = try await kind.make().ledger
        let now: UnixTime = 1_796_000_000
        guard case .claimed = try await ledger.claim(request("dead-process", start: Self.t0, now: now)) else { Issue.record("not claimed"); return }
        guard case .taken = try await ledger.claim(request("soon", start: Self.t0, now: now + claimLifetime - 1)) else { Issue.record("live claim ignored"); return }
        guard case .claimed(let later) = try await ledger.claim(request("later", start: Self.t0, now: now + claimLifetime)) else {
            Issue.record("expired claim still holds"); return
        }
        _ = try await ledger.confirm(id: later.id, eventReference: "evt")
        guard case .taken = try await ledger.claim(request("much-later", start: Self.t0, now: now + 100 * claimLifetime)) else {
            Issue.record("confirmed booking expired"); return
        }
        #expect(try await ledger.liveEntries(calendar: later.calendar, from: Self.t0 - 3600, to: Self.t0 + 3600, now: now + 1000).map(\.id) == [later.id])
    }

    @Test(arguments: LedgerKind.available)
    func moveIsAtomicAndItsOwnRangeDoesNotBlock(_ kind: LedgerKind) async throws {
        let ledger = try await kind.make().ledger
        guard case .claimed(let original) = try await ledger.claim(request("book", start: Self.t0)) else { Issue.record("not claimed"); return }
        _ = try await ledger.confirm(id: original.id, eventReference: "evt-1")
        guard case .claimed(let other) = try await ledger.claim(request("other", start: Self.t0 + 2 * 3600)) else { Issue.record("not claimed"); return }
        _ = try await ledger.confirm(id: other.id, eventReference: "evt-2")
        // Into someone else's time: taken, and the original stays confirmed (never none).
        guard case .taken(let holder) = try await ledger.move(id: original.id, to: request("move-1", start: Self.t0 + 2 * 3600)) else {
            Issue.record("move into other booking succeeded"); return
        }
        #expect(holder.id == other.id)
        #expect(try await ledger.entry(id: original.id)?.status == .confirmed)
        // Fifteen minutes later overlaps only its own old range: allowed, in the same lineage; the
        // old booking keeps its time until the move completes (never none).
        guard case .claimed(let moved) = try await ledger.move(id: original.id, to: request("move-2", start: Self.t0 + 900)) else {
            Issue.record("own range blocked the move"); return
        }
        #expect(moved.lineage == original.lineage && moved.status == .claimed)
        #expect(try await ledger.entry(id: original.id)?.status == .confirmed)
        guard case .taken = try await ledger.claim(request("intruder", start: Self.t0 + 600)) else {
            Issue.record("a stranger got into a move's time"); return
        }
        #expect(try await ledger.move(id: original.id, to: request("move-2", start: Self.t0 + 900)) == .replayed(moved))
        let completed = try await ledger.completeMove(newID: moved.id, oldID: original.id, eventReference: "evt-1")
        #expect(completed.status == .confirmed && completed.eventReference == "evt-1")
        #expect(try await ledger.entry(id: original.id)?.status == .cancelled, "never two")
        let live = try await ledger.liveEntries(calendar: moved.calendar, from: Self.t0 - 3600, to: Self.t0 + 4 * 3600, now: 1_796_000_001)
        #expect(Set(live.map(\.id)) == [moved.id, other.id])
        #expect(Set(try await ledger.entries(lineage: original.lineage).map(\.id)) == [original.id, moved.id])
    }

    @Test(arguments: LedgerKind.available)
    func everyAnswerKeepsTheLineage(_ kind: LedgerKind) async throws {
        let ledger = try await kind.make().ledger
        guard case .claimed(let original) = try await ledger.claim(request("l", start: Self.t0)) else { Issue.record("not claimed"); return }
        _ = try await ledger.confirm(id: original.id, eventReference: "evt")
        guard case .claimed(let moved) = try await ledger.move(id: original.id, to: request("l-move", start: Self.t0 + 3600)) else {
            Issue.record("not moved"); return
        }
        #expect(try await ledger.confirm(id: moved.id, eventReference: "evt").lineage == original.id)
        #expect(try await ledger.cancel(id: moved.id).lineage == original.id)
        #expect(try await ledger.entry(id: moved.id)?.lineage == original.id)
    }

    @Test(arguments: LedgerKind.available)
    func concurrentConfirmationsOnSeparateConnectionsLeaveOneWinnerPerSlot(_ kind: LedgerKind) async throws {
        let (_, reopen) = try await kind.make()
        let slots = 10, contenders = 6
        let outcomes = try await withThrowingTaskGroup(of: ClaimOutcome.self) { group in
            for contender in 0..<contenders {
                let ledger = try await reopen()  // its own connection, as another process would have
                for slot in 0..<slots {
                    group.addTask {
                        try await ledger.claim(request("c\(contender)-s\(slot)", start: Self.t0 + UnixTime(slot) * 3600))
                    }
                }
            }
            var all: [ClaimOutcome] = []
            for try await outcome in group { all.append(outcome) }
            return all
        }
        let winners = outcomes.compactMap { if case .claimed(let e) = $0 { return e } else { return nil } }
        #expect(winners.count == slots)
        #expect(Set(winners.map(\.start)).count == slots, "exactly one winner per slot")
        #expect(outcomes.filter { if case .taken = $0 { return true } else { return false } }.count == slots * (contenders - 1))
    }

    /// A retry that races its original (the same key at once, on other connections): one claim,
    /// every other answer replays it, whichever of the ledger's checks caught the retry.
    @Test(arguments: LedgerKind.available)
    func concurrentRetriesOfOneKeyReplayTheOneClaim(_ kind: LedgerKind) async throws {
        let (_, reopen) = try await kind.make()
        let retries = 6, rounds = 8
        var ledgers: [any BookingLedger] = []
        for _ in 0..<retries { ledgers.append(try await reopen()) }  // each its own connection
        for round in 0..<rounds {
            let outcomes = try await withThrowingTaskGroup(of: ClaimOutcome.self) { group in
                for ledger in ledgers {
                    group.addTask { try await ledger.claim(request("retry-\(round)", start: Self.t0 + UnixTime(round) * 3600)) }
                }
                var all: [ClaimOutcome] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            let claimed = outcomes.compactMap { if case .claimed(let e) = $0 { return e } else { return nil } }
            let replayed = outcomes.compactMap { if case .replayed(let e) = $0 { return e } else { return nil } }
            #expect(claimed.count == 1 && replayed.count == retries - 1, "round \(round): \(outcomes)")
            #expect(replayed.allSatisfy { $0.id == claimed.first?.id })
        }
    }
}

/// `postgres://…?sslmode=…` against the test cluster, which offers TLS with a self-signed certificate.
@Suite struct PostgresTLSTests {
    static var cluster: String? { PostgresTestDatabase.clusterURL }

    @Test(.enabled(if: cluster != nil, "no PostgreSQL test cluster (make test starts one)"))
    func sslModesConnectOrRefuseAsLibpqWould() async throws {
        let url = try PostgresTestDatabase.create()
        let ca = CommandRunner.packageRoot.appendingPathComponent(".build-pg/ca.crt").path
        for mode in ["disable", "prefer", "require"] {
            let ledger = try await PostgresLedger.connect(url: url + "?sslmode=\(mode)")
            #expect(try await ledger.sharedSecret().count == 32, "sslmode=\(mode)")
        }
        // verify-full against the system's CA store: the self-signed certificate is refused.
        await #expect(throws: (any Error).self) { try await PostgresLedger.connect(url: url + "?sslmode=verify-full") }
        // With the cluster's certificate as the root, full verification (host name included) passes.
        let verified = try await PostgresLedger.connect(url: url + "?sslmode=verify-full&sslrootcert=\(ca)")
        #expect(try await verified.sharedSecret().count == 32)
        do { _ = try await PostgresLedger.connect(url: url + "?sslmode=sometimes"); Issue.record("a bad sslmode was accepted") } catch {
            #expect("\(error)".contains("disable, allow, prefer, require, verify-ca, verify-full"))
        }
    }

    @Test func messagesNeverShowThePassword() async {
        do {
            _ = try await PostgresLedger.connect(url: "postgres://slotplan:s3cret-pw@127.0.0.1:1/x?sslmode=disable")
            Issue.record("connected to a closed port")
        } catch {
            #expect(!"\(error)".contains("s3cret-pw"), "\(error)")
        }
        do { _ = try await PostgresLedger.connect(url: "postgres://slotplan:s3cret-pw@127.0.0.1:1/x?colour=red") } catch {
            #expect(!"\(error)".contains("s3cret-pw") && "\(error)".contains("unknown parameter `colour`"))
        }
    }
}


/// `pool_size` and what a long-running service does with it: keeps all but one connection open
/// from the start, and each asks the server for TCP keepalives (no keep-alive queries).
@Suite struct PostgresPoolTests {
    static var cluster: String? { PostgresTestDatabase.clusterURL }

    /// Backends connected to the database of `url`, as another session sees them.
    static func backends(_ url: String) throws -> [String] {
        let database = String(url[url.index(after: url.lastIndex(of: "/") ?? url.startIndex)...])
        let result = try CommandRunner.runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["psql", url, "-Atc", """
            SELECT client_port FROM pg_stat_activity WHERE datname = '\(database)' AND pid <> pg_backend_pid()
            """])
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test(.enabled(if: cluster != nil, "no PostgreSQL test cluster (make test starts one)"))
    func aServiceKeepsItsConnectionsOpenAndACommandOpensWhatItUses() async throws {
        let url = try PostgresTestDatabase.create()
        let service = try await PostgresLedger.connect(url: url + "?pool_size=4", service: true)
        var open: [String] = []
        for _ in 0..<100 {  // the pool opens its kept connections in the background: up to 5 s
            open = try Self.backends(url)
            if open.count >= 3 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(open.count == 3, "three of the four kept open: \(open)")
        let rows = try await service.client.query("SHOW tcp_keepalives_idle")
        var idle: [String] = []
        for try await value in rows.decode(String.self) { idle.append(value) }
        #expect(idle == ["30"], "the server sends keepalives after 30 idle seconds")
        service.close()
        let command = try await PostgresLedger.connect(url: url + "?pool_size=4")
        #expect(try await command.sharedSecret().count == 32)
        #expect(try Self.backends(url).count <= 1, "a command keeps at most the connection it used")
        command.close()
        for bad in ["0", "1001", "many", ""] {
            do { _ = try await PostgresLedger.connect(url: url + "?pool_size=\(bad)"); Issue.record("pool_size=\(bad) was accepted") } catch {
                #expect("\(error)".contains("expected a number of connections from 1 to 1000"), "\(error)")
            }
        }
    }
}
