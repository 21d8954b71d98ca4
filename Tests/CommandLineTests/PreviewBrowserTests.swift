import Foundation
import Testing
import TestSupport

/// Headless Chromium (Debian's) as the test's eyes on `preview --format html`.
enum HeadlessChromium {
    static let path = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var available: Bool { path != nil }

    /// Runs Chromium on a file with the given mode flags, bounded to 60 s (killed by its process id via timeout(1)).
    static func run(_ page: URL, _ flags: [String]) throws -> CommandRunner.Output {
        let chromium = try #require(path)
        let profile = try CommandRunner.temporaryFolder()
        defer {
            do { try FileManager.default.removeItem(at: profile) } catch { print("note: temporary Chromium profile left at \(profile.path): \(error)") }
        }
        return try CommandRunner.runProcess(URL(fileURLWithPath: "/usr/bin/timeout"), ["-k", "5", "60", chromium,
            "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars", "--disable-extensions",
            "--user-data-dir=\(profile.path)", "--window-size=1400,1600"] + flags + [page.absoluteString])
    }
}

/// The week view rendered by a real browser: assertions on the DOM it built and the boxes it laid out.
@Suite(.serialized) struct PreviewBrowserTests {
    init() {
        if ProcessInfo.processInfo.environment["SLOTPLAN_REQUIRE_PEERS"] == "1" {
            #expect(HeadlessChromium.available, "SLOTPLAN_REQUIRE_PEERS=1 but chromium is missing (apt-get install chromium)")
        } else if !HeadlessChromium.available {
            print("SKIPPED: PreviewBrowserTests need Debian's chromium (make test installs it)")
        }
    }

    /// Measures the laid-out page from inside the browser and prints the facts as JSON into the DOM.
    static let probe = """
        <script>
        const rect = e => { const r = e.getBoundingClientRect(); return {x: r.left, y: r.top, w: r.width, h: r.height}; };
        const inside = (a, b) => a.x >= b.x - 1 && a.y >= b.y - 1 && a.x + a.w <= b.x + b.w + 1 && a.y + a.h <= b.y + b.h + 1;
        const overlap = (a, b) => Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) > 1 && Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y) > 1;
        const days = [...document.querySelectorAll('.day')].map(d => {
          const windows = [...d.querySelectorAll('.window')].map(rect);
          const blocking = [...d.querySelectorAll('.busy:not(.tentative)')].map(rect);
          const reason = d.querySelector('.reason');
          const body = rect(d.querySelector('.body'));
          return {date: d.dataset.date, reason: d.dataset.reason || null, reasonText: reason ? reason.textContent : null,
                  reasonShown: reason ? inside(rect(reason), body) && rect(reason).h > 0 : null,
                  busy: [...d.querySelectorAll('.busy')].map(b => b.textContent),
                  buffers: d.querySelectorAll('.buffer').length,
                  slots: [...d.querySelectorAll('.slot')].map(s => { const r = rect(s); return {
                    start: s.dataset.start, title: s.title, say: s.querySelector('.say').textContent,
                    sayHidden: getComputedStyle(s.querySelector('.say')).display === 'none',
                    inWindow: windows.some(w => inside(r, w)), onBusy: blocking.some(b => overlap(r, b)), inBody: inside(r, body)}; })};
        });
        const hoverRule = [...document.styleSheets].flatMap(s => [...s.cssRules])
          .some(r => r.selectorText === '.slot:hover .say' && r.style.display === 'block');
        const external = document.querySelectorAll('script[src],link[href],img,iframe,object,embed').length;
        const out = document.createElement('pre');
        out.id = 'probe';
        out.textContent = JSON.stringify({days, hoverRule, external, weeks: document.querySelectorAll('section.week').length});
        document.body.appendChild(out);
        </script>
        """

    struct Rendered {
        let html: String
        let facts: [String: Any]
        var days: [[String: Any]] { facts["days"] as? [[String: Any]] ?? [] }
        func day(_ date: String) -> [String: Any] { days.first { $0["date"] as? String == date } ?? [:] }
    }

    /// Renders `preview q4-renewals` at `now` as HTML, lets Chromium lay it out, and reads the probe.
    static func render(now: String, busy: [String] = [DemoWorkspace.mariaCalendar.path]) throws -> Rendered {
        let out = try CommandRunner.run(["preview", "q4-renewals", "--now", now, "--phone", "+13125550100", "--format", "html"] + busy.flatMap { ["--busy", $0] })
        #expect(out.status == 0, "\(out.stderr)")
        let folder = try CommandRunner.temporaryFolder()
        let page = folder.appendingPathComponent("preview.html")
        try out.stdout.replacingOccurrences(of: "</body>", with: probe + "</body>").write(to: page, atomically: true, encoding: .utf8)
        let dom = try HeadlessChromium.run(page, ["--dump-dom"])
        #expect(dom.status == 0, "chromium: \(dom.stderr.suffix(2000))")
        let start = try #require(dom.stdout.range(of: "<pre id=\"probe\">"), "the probe ran: \(dom.stdout.suffix(500))")
        let end = try #require(dom.stdout.range(of: "</pre>", range: start.upperBound..<dom.stdout.endIndex))
        let json = String(dom.stdout[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        let facts = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return Rendered(html: out.stdout, facts: facts)
    }

    /// The offers `preview --format json` lists for the same inputs.
    static func offers(now: String) throws -> [(start: String, offer: String)] {
        let out = try CommandRunner.run(["preview", "q4-renewals", "--now", now, "--phone", "+13125550100", "--format", "json", "--busy", DemoWorkspace.mariaCalendar.path])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        return (object["slots"] as? [[String: Any]] ?? []).map { ($0["start"] as? String ?? "", $0["offer"] as? String ?? "") }
    }

    @Test(.enabled(if: HeadlessChromium.available))
    func everySlotSitsInItsHoursClearOfBusyTimeWithItsSpokenOffer() throws {
        let now = "2026-11-30T14:00:00Z"
        let page = try Self.render(now: now)
        let slots = page.days.flatMap { $0["slots"] as? [[String: Any]] ?? [] }
        let expected = try Self.offers(now: now)
        let shown = slots.map { "\($0["start"] as? String ?? "") \($0["title"] as? String ?? "")" }, listed = expected.map { "\($0.start) \($0.offer)" }
        let firstDifference = zip(shown, listed).first { $0 != $1 }
        #expect(shown.count == listed.count && firstDifference == nil,
                "the page shows exactly the slots preview lists, each titled with its spoken offer: \(shown.count) vs \(listed.count), first difference \(String(describing: firstDifference))")
        #expect(slots.allSatisfy { $0["say"] as? String == $0["title"] as? String && $0["sayHidden"] as? Bool == true })
        #expect(page.facts["hoverRule"] as? Bool == true, "the spoken offer appears on hover")
        #expect(slots.allSatisfy { $0["inWindow"] as? Bool == true && $0["inBody"] as? Bool == true }, "every slot is drawn inside its hours")
        #expect(slots.allSatisfy { $0["onBusy"] as? Bool == false }, "no slot is drawn over a blocking event")
        #expect(page.facts["external"] as? Int == 0 && !page.html.contains("src=") && !page.html.contains("href="), "self-contained")
        #expect(page.facts["weeks"] as? Int == 3 && page.days.count == 21)
        // Busy blocks carry their titles; buffers are drawn around them; the empty days say why.
        #expect((page.day("2026-12-01")["busy"] as? [String])?.contains("Team standup") == true)
        #expect((page.day("2026-12-01")["busy"] as? [String])?.contains("Pipeline review (tentative)") == true)
        #expect((page.day("2026-12-01")["buffers"] as? Int ?? 0) > 0)
        #expect(page.day("2026-12-06")["reason"] as? String == "no_hours" && page.day("2026-12-06")["reasonText"] as? String == "no hours on Sundays")
        #expect(page.day("2026-12-11")["reason"] as? String == "fully_busy", "\(page.day("2026-12-11"))")
        #expect(page.day("2026-12-15")["reason"] as? String == "outside_look_ahead")
        #expect(page.days.allSatisfy { $0["reason"] is NSNull || $0["reasonShown"] as? Bool == true }, "every reason is visible")
    }

    @Test(.enabled(if: HeadlessChromium.available))
    func pastDaysHolidaysAndAnUnknownCalendarSayWhy() throws {
        let page = try Self.render(now: "2026-12-16T14:00:00Z")
        #expect(page.day("2026-12-14")["reason"] as? String == "past")
        #expect(page.day("2026-12-25")["reason"] as? String == "date_override" && page.day("2026-12-25")["reasonText"] as? String == "closed by a date override (holiday)")
        #expect(page.day("2026-12-24")["reason"] is NSNull, "Christmas Eve has morning hours")
        #expect(page.day("2026-12-31")["reason"] as? String == "outside_look_ahead")

        let folder = try CommandRunner.temporaryFolder()
        let failing = folder.appendingPathComponent("freebusy.json")
        try #"{"kind": "calendar#freeBusy", "calendars": {"maria@acme.example": {"errors": [{"domain": "global", "reason": "backendError"}], "busy": []}}}"#
            .write(to: failing, atomically: true, encoding: .utf8)
        let unknown = try Self.render(now: "2026-12-16T14:00:00Z", busy: [failing.path])
        let weekday = unknown.day("2026-12-17")
        #expect(weekday["reason"] as? String == "calendar_unavailable" && (weekday["reasonText"] as? String ?? "").contains("backendError"), "\(weekday)")
        #expect(unknown.days.allSatisfy { ($0["slots"] as? [Any])?.isEmpty == true }, "unknown is never free")
        #expect(unknown.html.contains("id=\"unavailable\""))
    }

    @Test(.enabled(if: HeadlessChromium.available))
    func aScreenshotIsAPicture() throws {
        let out = try CommandRunner.run(["preview", "q4-renewals", "--now", "2026-11-30T14:00:00Z", "--busy", DemoWorkspace.mariaCalendar.path, "--format", "html"])
        let folder = try CommandRunner.temporaryFolder()
        let page = folder.appendingPathComponent("preview.html"), shot = folder.appendingPathComponent("preview.png")
        try out.stdout.write(to: page, atomically: true, encoding: .utf8)
        let run = try HeadlessChromium.run(page, ["--screenshot=\(shot.path)"])
        #expect(run.status == 0, "\(run.stderr.suffix(2000))")
        let png = try Data(contentsOf: shot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 50_000, "a PNG with content (\(png.count) bytes)")
    }
}
