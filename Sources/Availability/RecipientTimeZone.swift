import PlanModel
/// The recipient's time zone for a call, and how it was found.
public struct RecipientZone: Sendable, Equatable {
    /// How the zone was decided.
    public enum Source: String, Sendable {
        /// Given explicitly (confirmed on the call); always wins.
        case explicit
        /// From the North American area code (or exchange) of the phone number.
        case areaCode = "area-code"
        /// No match (not +1, toll-free, unknown): the owner's zone.
        case ownerFallback = "owner-fallback"
    }

    public let timezone: String
    public let source: Source
    /// Every zone the number may be in (the chosen one first); one entry when it is certain.
    public let candidates: [String]
    /// Why the fallback was used, for the person reading a preview.
    public let note: String?

    public init(timezone: String, source: Source, candidates: [String], note: String?) {
        self.timezone = timezone
        self.source = source
        self.candidates = candidates
        self.note = note
    }
}

/// Recipient time zone from an E.164 number, by libphonenumber's prefix data (see
/// scripts/generate-tables.py): the longest matching prefix wins, as in libphonenumber.
public enum RecipientTimeZone {
    struct Table: Sendable {
        let zonesByPrefix: [String: [String]]
        let mainZoneByNPA: [String: String]
        let zonesByNPA: [String: [String]]
    }

    static let table: Table = {
        var byPrefix: [String: [String]] = [:]
        for line in NANPTimeZoneData.prefixes.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            let zones = line[line.index(after: eq)...].split(separator: ",").compactMap { Int($0) }
                .filter { NANPTimeZoneData.zones.indices.contains($0) }.map { NANPTimeZoneData.zones[$0] }
            byPrefix[String(line[..<eq])] = zones
        }
        var weights: [String: [String: Double]] = [:]
        var covered: [String: Double] = [:]
        for (prefix, zones) in byPrefix where prefix.count > 3 {
            let npa = String(prefix.prefix(3))
            let w = pow10(10 - prefix.count)
            covered[npa, default: 0] += w
            for z in zones { weights[npa, default: [:]][z, default: 0] += w / Double(zones.count) }
        }
        for (prefix, zones) in byPrefix where prefix.count == 3 {
            let rest = max(0, pow10(7) - (covered[prefix] ?? 0))
            for z in zones { weights[prefix, default: [:]][z, default: 0] += rest / Double(zones.count) }
        }
        var main: [String: String] = [:], all: [String: [String]] = [:]
        for (npa, w) in weights {
            main[npa] = w.max { a, b in (a.value, b.key) < (b.value, a.key) }?.key
            all[npa] = w.keys.sorted()
        }
        return Table(zonesByPrefix: byPrefix, mainZoneByNPA: main, zonesByNPA: all)
    }()

    private static func pow10(_ n: Int) -> Double { (0..<max(0, n)).reduce(1.0) { r, _ in r * 10 } }

    /// The version of the data the table was generated from.
    public static var dataVersion: String { NANPTimeZoneData.version }

    /// Every zone of a three-digit area code, sorted; nil when it has none.
    public static func zones(areaCode: String) -> [String]? { table.zonesByNPA[areaCode] }

    /// Decides the recipient's zone: an explicit zone wins, then the number, then the owner's zone.
    public static func resolve(phone: String?, explicit: String?, ownerZone: String) -> RecipientZone {
        if let explicit, !explicit.isEmpty {
            return RecipientZone(timezone: explicit, source: .explicit, candidates: [explicit], note: nil)
        }
        guard let phone else {
            return RecipientZone(timezone: ownerZone, source: .ownerFallback, candidates: [ownerZone],
                                 note: "no phone number given; using the owner's time zone")
        }
        // All ASCII (every validated number): its digits read as bytes, which is the same and cheaper.
        let digits = phone.utf8.allSatisfy({ $0 < 0x80 }) ? String(decoding: phone.utf8.filter { (0x30...0x39).contains($0) }, as: UTF8.self)
            : phone.filter { $0.isASCII && $0.isNumber }
        guard phone.hasPrefix("+1"), digits.count == 11 else {
            return RecipientZone(timezone: ownerZone, source: .ownerFallback, candidates: [ownerZone],
                                 note: "\(phone) is not a North American (+1) number; using the owner's time zone")
        }
        let national = String(digits.dropFirst())
        var match: [String]?
        for length in stride(from: min(7, national.count), through: 3, by: -1) {
            if let zones = table.zonesByPrefix[String(national.prefix(length))] { match = zones; break }
        }
        let npa = String(national.prefix(3))
        guard let zones = match, !zones.isEmpty else {
            return RecipientZone(timezone: ownerZone, source: .ownerFallback, candidates: [ownerZone],
                                 note: "area code \(npa) has no time zone (toll-free or not geographic); using the owner's time zone")
        }
        if zones.count == 1 {
            return RecipientZone(timezone: zones[0], source: .areaCode, candidates: zones, note: nil)
        }
        let main = table.mainZoneByNPA[npa].flatMap { zones.contains($0) ? $0 : nil } ?? zones[0]
        return RecipientZone(timezone: main, source: .areaCode, candidates: [main] + zones.filter { $0 != main },
                             note: "area code \(npa) spans \(zones.count) time zones; confirm on the call")
    }
}
