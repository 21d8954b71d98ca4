import Booking
import BookingPostgres
import BookingSQLite
import Foundation
import Testing
import TestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Many callers at once through the service: several instances on one PostgreSQL ledger, and a
/// server stopped mid-storm.
@Suite(.serialized) struct ServeStormTests {
    /// Offered starts at least an hour apart, from a server's offers.
    static func separateSlots(_ server: ServerProcess, _ count: Int) async throws -> [String] {
        let answer = try await server.send("POST", "/v1/campaigns/phone-followup/offers", json: #"{"count": 20}"#)
        let starts = (answer.object["offers"] as? [[String: Any]] ?? []).compactMap { $0["start"] as? String }
        var picked: [String] = []
        for start in starts where picked.count < count {
            guard let t = ISO8601DateFormatter().date(from: start) else { continue }
            if let last = picked.last.flatMap({ ISO8601DateFormatter().date(from: $0) }), t.timeIntervalSince(last) < 3600 { continue }
            picked.append(start)
        }
        return picked
    }

    /// What one booking request came to.
    struct Answer: Sendable {
        let slot: String
        let status: Int
        let code: String?
        let bookingID: String?
        let alternatives: Int
    }

    static func book(_ server: ServerProcess, slot: String, caller: Int) async -> Answer {
        let body = #"{"campaign": "phone-followup", "start": "\#(slot)", "recipient": {"email": "caller\#(caller)@example.com"}}"#
        do {
            let a = try await server.send("POST", "/v1/bookings", json: body, headers: ["Idempotency-Key": "storm-\(caller)"])
            return Answer(slot: slot, status: a.status, code: a.object["code"] as? String,
                          bookingID: (a.object["booking"] as? [String: Any])?["id"] as? String,
                          alternatives: (a.object["alternatives"] as? [Any])?.count ?? 0)
        } catch {
            // The connection broke (a stopped server): counted, not a booking.
            return Answer(slot: slot, status: 0, code: nil, bookingID: nil, alternatives: 0)
        }
    }

    @Test(.enabled(if: PostgresTestDatabase.clusterURL != nil, "no PostgreSQL test cluster (make test starts one)"))
    func threeInstancesOnOnePostgresLedgerLetExactlyOneCallerWinEachSlot() async throws {
        let ledgerURL = try PostgresTestDatabase.create()
        let shared = try CommandRunner.temporaryFolder()
        let servers = try (0..<3).map { _ in try ServerProcess(folder: shared, ledger: ledgerURL) }
        defer { for server in servers { server.stop() } }
        let slots = try await Self.separateSlots(servers[0], 4)
        #expect(slots.count == 4)
        let requests = slots.enumerated().flatMap { index, slot in (0..<6).map { (slot, index * 6 + $0) } }
        let answers = await withTaskGroup(of: Answer.self) { group in
            for (slot, caller) in requests { group.addTask { await Self.book(servers[caller % 3], slot: slot, caller: caller) } }
            var all: [Answer] = []
            for await answer in group { all.append(answer) }
            return all
        }
        for slot in slots {
            let mine = answers.filter { $0.slot == slot }
            #expect(mine.filter { $0.status == 201 }.count == 1, "\(slot): \(mine.map(\.status))")
            for loser in mine where loser.status != 201 {
                #expect(loser.status == 409 && loser.code == "slot_taken" && loser.alternatives > 0, "\(slot): \(loser)")
            }
        }
        // No event without its booking: the calendar holds exactly the confirmed bookings.
        let ledger = try await PostgresLedger.connect(url: ledgerURL)
        let booked = answers.compactMap(\.bookingID)
        for id in booked { #expect(try await ledger.entry(id: id)?.status == .confirmed) }
        let events = try FileManager.default.contentsOfDirectory(atPath: shared.appendingPathComponent("calendar").path).filter { $0.hasPrefix("bk_") }
        #expect(Set(events) == Set(booked.map { "\($0).ics" }))
    }

    @Test func sigtermMidStormLeavesEveryAnsweredBookingWholeAndNothingHalfWritten() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        let slots = try await Self.separateSlots(server, 12)
        #expect(!slots.isEmpty)
        let storm = Task {
            await withTaskGroup(of: Answer.self) { group in
                for caller in 0..<60 {
                    let slot = slots[caller % slots.count]
                    group.addTask { await Self.book(server, slot: slot, caller: caller) }
                }
                var all: [Answer] = []
                for await answer in group { all.append(answer) }
                return all
            }
        }
        try await Task.sleep(for: .milliseconds(5))
        let status = server.terminate()
        let answers = await storm.value
        #expect(status == 0, "serve exits 0 after SIGTERM")
        print("note: SIGTERM mid-storm: \(answers.filter { $0.status == 201 }.count) booked, \(answers.filter { $0.status == 409 }.count) taken, \(answers.filter { $0.status == 0 }.count) not answered by the stopping server, \(answers.count) asked")
        #expect(answers.allSatisfy { [0, 201, 409].contains($0.status) }, "\(answers.map(\.status))")
        let ledger = try SQLiteLedger(path: server.folder.appendingPathComponent("ledger.db").path)
        let booked = answers.filter { $0.status == 201 }.compactMap(\.bookingID)
        for id in booked {
            #expect(try await ledger.entry(id: id)?.status == .confirmed, "a 201 the client saw is in the ledger")
        }
        // Every event in the calendar belongs to a confirmed booking, whether or not its answer arrived.
        let events = try FileManager.default.contentsOfDirectory(atPath: server.folder.appendingPathComponent("calendar").path).filter { $0.hasPrefix("bk_") }
        for event in events {
            let id = String(event.dropLast(4))
            #expect(try await ledger.entry(id: id)?.status == .confirmed, "\(event) has no confirmed booking")
        }
        #expect(Set(booked.map { "\($0).ics" }).isSubset(of: Set(events)))
    }
}
