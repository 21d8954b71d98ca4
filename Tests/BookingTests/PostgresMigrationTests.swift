import BookingPostgres
import Booking
import Foundation
import PlanModel
import Testing
import TestSupport

/// A ledger made by an earlier slotplan is migrated in place: its bookings keep their time, and
/// the exclusion index is rebuilt ordered by time (v6).
@Suite struct PostgresMigrationTests {
    static var cluster: String? { PostgresTestDatabase.clusterURL }
    static let calendar = "google:maria@acme.example/primary"

    /// The booking table as v1–v5 created it: the exclusion ordered by lineage before the range.
    static let earlierTable = """
        CREATE EXTENSION IF NOT EXISTS btree_gist;
        CREATE TABLE booking (
            id text PRIMARY KEY, lineage text NOT NULL, calendar text NOT NULL, campaign text NOT NULL,
            start_at bigint NOT NULL, end_at bigint NOT NULL, block_start timestamptz NOT NULL, block_end timestamptz NOT NULL,
            status text NOT NULL CHECK (status IN ('claimed', 'confirmed', 'cancelled', 'expired')),
            idempotency_key text NOT NULL UNIQUE, attendee_email text NOT NULL, event_reference text, created_at bigint NOT NULL,
            CHECK (block_start < block_end),
            CONSTRAINT booking_no_overlap EXCLUDE USING gist
                (calendar WITH =, lineage WITH <>, tstzrange(block_start, block_end, '[)') WITH &&)
                WHERE (status IN ('claimed', 'confirmed')));
        INSERT INTO booking VALUES ('bk_earlier', 'bk_earlier', '\(calendar)', 'q4-renewals', 1796472000, 1796473800,
            to_timestamp(1796471400), to_timestamp(1796474100), 'confirmed', 'earlier-key', 'ana@example.com', 'ev-1', 1796000000);
        """

    static func psql(_ url: String, _ sql: String) throws -> String {
        let result = try CommandRunner.runProcess(URL(fileURLWithPath: "/usr/bin/env"), ["psql", url, "-qAt", "-v", "ON_ERROR_STOP=1", "-c", sql])
        #expect(result.status == 0, "psql: \(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func anEarlierLedgerIsMigratedWithItsBookingsStillBlocking() async throws {
        guard Self.cluster != nil else { PostgresTestDatabase.noteSkipped(); return }
        let url = try PostgresTestDatabase.create()
        _ = try Self.psql(url, Self.earlierTable)
        let ledger = try await PostgresLedger.connect(url: url)
        defer { ledger.close() }
        let exclusions = "SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint WHERE conrelid = 'booking'::regclass AND contype = 'x'"
        #expect(try Self.psql(url, exclusions) == "booking_block_overlap")
        // The time comes before the lineage in the rebuilt index.
        let definition = try Self.psql(url, "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'booking_block_overlap'")
        #expect(definition.contains("calendar WITH =, tstzrange(block_start, block_end, '[)'::text) WITH &&, lineage WITH <>"), "\(definition)")

        // The earlier booking is still live and still refuses overlapping time; free time is claimed.
        let now: UnixTime = 1_796_000_000
        #expect(try await ledger.liveEntries(calendar: Self.calendar, from: 1_796_460_000, to: 1_796_480_000, now: now).map(\.id) == ["bk_earlier"])
        guard case .taken(let holder) = try await ledger.claim(request("over-it", start: 1_796_473_000, now: now)) else {
            Issue.record("the migrated booking's time was claimed again"); return
        }
        #expect(holder.id == "bk_earlier")
        guard case .claimed = try await ledger.claim(request("after-it", start: 1_796_480_000, now: now)) else {
            Issue.record("free time was refused after the migration"); return
        }
        // A second start finds the ledger migrated and changes nothing.
        let again = try await PostgresLedger.connect(url: url)
        again.close()
        #expect(try Self.psql(url, exclusions) == "booking_block_overlap")
        #expect(try Self.psql(url, "SELECT count(*) FROM booking") == "2")
    }

    @Test func aReversedOrEmptyRangeReadsNothing() async throws {
        guard Self.cluster != nil else { PostgresTestDatabase.noteSkipped(); return }
        let ledger = try await PostgresLedger.connect(url: try PostgresTestDatabase.create())
        defer { ledger.close() }
        let now: UnixTime = 1_796_000_000
        guard case .claimed = try await ledger.claim(request("one", start: 1_796_472_000, now: now)) else { Issue.record("not claimed"); return }
        #expect(try await ledger.liveEntries(calendar: Self.calendar, from: 1_796_472_000, to: 1_796_472_000, now: now).isEmpty)
        #expect(try await ledger.liveEntries(calendar: Self.calendar, from: 1_796_480_000, to: 1_796_470_000, now: now).isEmpty)
        #expect(try await ledger.liveEntries(calendar: Self.calendar, from: .min, to: .max, now: now).count == 1)
    }
}
