import Availability
import PlanModel
import Testing

/// What explain says, rule by rule.
@Suite struct ExplainTests {
    @Test func aBusySpanCrossingMidnightShowsItsDates() throws {
        let plan = try #require(compilePlan("  availability: { weekly: { daily: 00:00-24:00 } }\n  buffers: { before: 1h }\n  minimum_notice: 1h\n"))
        let overnight = busy("2026-12-01T22:00:00Z", "2026-12-02T00:30:00Z", .busy, "Overnight deploy")
        let e = SlotEngine(plan: plan).explain(at: utc("2026-12-02T00:00:00Z"), now: utc("2026-11-30T00:00:00Z"),
                                               freeBusy: BusyTime(intervals: [overnight]))
        let failed = e.checks.filter { !$0.passed }
        #expect(failed.map(\.rule) == [.busy])
        #expect(failed.first?.text == "overlaps busy 2026-12-01 22:00–2026-12-02 00:30 \"Overnight deploy\" (test)")
        // A span within the asked day keeps the short form.
        let sameDay = SlotEngine(plan: plan).explain(at: utc("2026-12-02T10:00:00Z"), now: utc("2026-11-30T00:00:00Z"),
                                                     freeBusy: BusyTime(intervals: [busy("2026-12-02T09:00:00Z", "2026-12-02T09:30:00Z")]))
        #expect(sameDay.checks.first { !$0.passed }?.text == "buffer before (1h) reaches 09:00, inside busy 09:00–09:30 (test)")
        #expect(sameDay.checks.first { !$0.passed }?.rule == .bufferBefore)
    }
}
