import Booking
import BookingSQLite
import Foundation
import PlanModel
import Runtime

/// One offers lookup through the runtime, without HTTP: what `serve` spends on a request beyond
/// the framework. The plans, a vdir calendar folder and a fresh SQLite ledger, as `serve` opens them.
enum OffersBench {
    static func run(plans: String, campaign: String, calendar: String, now: UnixTime, phone: String, count: Int) async {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bench-offers-\(UUID().uuidString).db").path
        defer { removeTemporaryLedger(path) }
        let runtime: Runtime
        do {
            let ledger = try SQLiteLedger(path: path)
            runtime = Runtime(plans: try PlanSource.planFolder(plans).load(), ledger: ledger, calendar: try CalendarLocation("vdir:\(calendar)"),
                              busyCache: BusyCache(ttl: .seconds(3_600)), offerSigner: OfferSigner(secret: try await ledger.sharedSecret()))
        } catch {
            fail("\(error)")
        }
        let request = OffersRequest(campaign: campaign, phone: phone)
        var offers = 0
        var samples: [Double] = []
        samples.reserveCapacity(count)
        for i in 0...count {
            let t0 = DispatchTime.now().uptimeNanoseconds
            do { offers = try await runtime.offers(request, now: now).offers.count } catch { fail("offers: \(error)") }
            // The first lookup fetches the calendar into the cache; it is not counted.
            if i > 0 { samples.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1_000) }
        }
        samples.sort()
        print(String(format: "one offers lookup through the runtime (busy cache warm, %d offers): %.1f µs median, %.1f µs p99 of %d",
                     offers, samples[samples.count / 2], samples[samples.count * 99 / 100], samples.count))
        // As many lookups at once as the machine has cores: what they cost each other (locks, the
        // ledger's shared reads).
        let tasks = ProcessInfo.processInfo.activeProcessorCount
        let t0 = DispatchTime.now().uptimeNanoseconds
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<tasks {
                group.addTask {
                    for _ in 0..<count {
                        do { _ = try await runtime.offers(request, now: now) } catch { fail("offers: \(error)") }
                    }
                }
            }
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
        print(String(format: "%d lookups at once: %.0f lookups/s, %.1f µs of a core each", tasks, Double(tasks * count) / elapsed,
                     elapsed * 1e6 * Double(tasks) / Double(tasks * count)))
    }
}
