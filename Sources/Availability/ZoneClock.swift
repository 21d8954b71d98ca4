import PlanModel
import Foundation

/// Wall-clock arithmetic in one IANA zone over a bounded range, from a precomputed table of its
/// UTC offset changes (so evaluation does no time-zone database calls).
public struct ZoneClock: Sendable {
    public let identifier: String
    /// Offset in force before the first transition.
    private let initialOffset: Int64
    /// Instants at which the offset changes, and the offset from then on; sorted.
    private let transitions: [(at: UnixTime, offset: Int64)]

    /// Builds the table for `[from, to]` (with a margin of two days on each side).
    public init?(identifier: String, from: UnixTime, to: UnixTime) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.identifier = identifier
        let start = Date(timeIntervalSince1970: TimeInterval(from - 2 * 86_400))
        initialOffset = Int64(zone.secondsFromGMT(for: start))
        var table: [(UnixTime, Int64)] = []
        var cursor = start
        let end = Date(timeIntervalSince1970: TimeInterval(to + 2 * 86_400))
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next <= end, table.count < 10_000 {
            table.append((UnixTime(next.timeIntervalSince1970.rounded()), Int64(zone.secondsFromGMT(for: next))))
            cursor = next
        }
        transitions = table
    }

    /// UTC offset in seconds at an instant.
    public func offset(at t: UnixTime) -> Int64 {
        var lo = 0, hi = transitions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if transitions[mid].at <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? initialOffset : transitions[lo - 1].offset
    }

    /// True when the offset changes anywhere in `(a, b]`.
    func hasTransition(between a: UnixTime, and b: UnixTime) -> Bool {
        var lo = 0, hi = transitions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if transitions[mid].at <= a { lo = mid + 1 } else { hi = mid }
        }
        return lo < transitions.count && transitions[lo].at <= b
    }

    /// Wall-clock seconds (as if the zone were UTC) of an instant.
    public func local(_ t: UnixTime) -> Int64 { t + offset(at: t) }

    /// The owner-local date of an instant.
    public func date(of t: UnixTime) -> CivilDate {
        let l = local(t)
        return CivilDate(daysSinceEpoch: Int(l >= 0 ? l / 86_400 : (l - 86_399) / 86_400))
    }

    /// Minute of the local day of an instant.
    public func minuteOfDay(_ t: UnixTime) -> Int {
        let l = local(t)
        return Int(((l % 86_400) + 86_400) % 86_400 / 60)
    }

    /// How a wall-clock time maps to instants.
    public enum Resolution: Equatable, Sendable {
        case exact(UnixTime)
        /// In a DST overlap: the earlier and the later instant.
        case ambiguous(UnixTime, UnixTime)
        /// In a DST gap: the first instant after the gap.
        case gap(after: UnixTime)
    }

    /// Resolves the wall-clock time `minute` minutes after the start of `date` (minute may exceed 1440).
    public func resolve(_ date: CivilDate, minute: Int) -> Resolution {
        let wall = Int64(date.daysSinceEpoch) * 86_400 + Int64(minute) * 60
        let before = offset(at: wall - 129_600), after = offset(at: wall + 129_600)
        // Fast path: no offset change within a day and a half either side (transitions are months apart).
        if before == after && !hasTransition(between: wall - 129_600, and: wall + 129_600) { return .exact(wall - before) }
        let here = offset(at: wall)
        var found: [UnixTime] = []
        for o in [before, after, here] where !found.contains(wall - o) {
            let t = wall - o
            if offset(at: t) == o { found.append(t) }
        }
        found.sort()
        if found.count == 1 { return .exact(found[0]) }
        if found.count >= 2 { return .ambiguous(found[0], found[found.count - 1]) }
        // A gap: the transition lies between wall - max(offset) and wall - min(offset).
        var lo = wall - max(before, after), hi = wall - min(before, after)
        while lo + 1 < hi {
            let mid = lo + (hi - lo) / 2
            if offset(at: mid) == offset(at: lo) { lo = mid } else { hi = mid }
        }
        return .gap(after: hi)
    }

    /// The instant a window start maps to: the earlier of two, or the end of a gap.
    public func startInstant(_ date: CivilDate, minute: Int) -> UnixTime {
        switch resolve(date, minute: minute) {
        case .exact(let t), .ambiguous(let t, _), .gap(let t): return t
        }
    }

    /// The instant a window end maps to: the later of two, or the end of a gap.
    public func endInstant(_ date: CivilDate, minute: Int) -> UnixTime {
        switch resolve(date, minute: minute) {
        case .exact(let t), .ambiguous(_, let t), .gap(let t): return t
        }
    }
}

extension ZoneClock {
    /// `2026-12-01T09:00:00-05:00` (or `Z` for UTC).
    public func rfc3339(_ t: UnixTime) -> String {
        let offset = offset(at: t)
        let local = t + offset
        if let text = RFC3339Text.format(local: local, offset: offset == 0 && identifier == "UTC" ? nil : offset) { return text }
        let date = CivilDate(daysSinceEpoch: Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400))
        let seconds = Int(((local % 86_400) + 86_400) % 86_400)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let time = "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
        if offset == 0 && identifier == "UTC" { return "\(date)T\(time)Z" }
        let sign = offset < 0 ? "-" : "+"
        let a = Int(abs(offset))
        return "\(date)T\(time)\(sign)\(two(a / 3600)):\(two(a / 60 % 60))"
    }
}
