import PlanModel
import Availability
import Booking
import BookingPostgres
import BookingSQLite
import Foundation

/// Bookings per second through a ledger: claim + confirm of distinct slots, one writer and many.
enum LedgerBench {
    /// `kind` is `sqlite` (a temporary file) or a `postgres://` URL of an empty database.
    static func run(kind: String, count: Int) async {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bench-ledger-\(UUID().uuidString).db").path
        defer { removeTemporaryLedger(path) }
        let ledger: any BookingLedger
        let name = kind == "sqlite" ? "sqlite" : "postgres"
        do {
            ledger = kind == "sqlite" ? try SQLiteLedger(path: path) : try await PostgresLedger.connect(url: kind)
        } catch {
            print("error: \(error)"); return
        }
        let base: UnixTime = 1_796_000_000
        func request(_ i: Int) -> ClaimRequest {
            ClaimRequest(calendar: "google:bench@acme.example/primary", campaign: "bench", start: base + UnixTime(i) * 3600,
                         end: base + UnixTime(i) * 3600 + 1800, bufferBefore: 600, bufferAfter: 300, idempotencyKey: "k\(i)",
                         recipient: Recipient(email: "a@example.com"), now: base - 86_400)
        }
        func book(_ i: Int) async -> Bool {
            guard case .claimed(let e)? = try? await ledger.claim(request(i)) else { return false }
            return (try? await ledger.confirm(id: e.id, eventReference: "evt\(i)")) != nil
        }
        var t0 = DispatchTime.now().uptimeNanoseconds
        var ok = 0
        for i in 0..<count { if await book(i) { ok += 1 } }
        var seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        print("\(name) ledger, one writer: " + String(format: "%d bookings (claim + confirm) in %.2f s: %.0f bookings/s", ok, seconds, Double(ok) / seconds))
        t0 = DispatchTime.now().uptimeNanoseconds
        ok = await withTaskGroup(of: Bool.self) { group in
            for i in count..<(2 * count) { group.addTask { await book(i) } }
            var n = 0
            for await success in group where success { n += 1 }
            return n
        }
        seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        print("\(name) ledger, \(count) concurrent tasks: " + String(format: "%d bookings in %.2f s: %.0f bookings/s", ok, seconds, Double(ok) / seconds))
    }
}
