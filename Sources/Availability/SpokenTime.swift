import PlanModel
import Foundation

/// Spoken phrases for slots: "Tuesday at 2 PM Eastern — that's 11 AM your time".
public enum SpokenTime {
    /// Plain names for North American zones; elsewhere "<City> time".
    static let plainNames: [String: String] = {
        var names: [String: String] = [:]
        let groups: [(String, [String])] = [
            ("Eastern", ["America/New_York", "America/Detroit", "America/Toronto", "America/Montreal", "America/Nassau",
                         "America/Indiana/Indianapolis", "America/Indianapolis", "America/Kentucky/Louisville",
                         "America/Kentucky/Monticello", "America/Indiana/Vincennes", "America/Indiana/Winamac",
                         "America/Indiana/Marengo", "America/Indiana/Petersburg", "America/Indiana/Vevay",
                         "America/Iqaluit", "America/Nipigon", "America/Thunder_Bay", "America/Fort_Wayne",
                         "America/Louisville", "US/Eastern", "EST5EDT"]),
            ("Central", ["America/Chicago", "America/Winnipeg", "America/Indiana/Knox", "America/Indiana/Tell_City",
                         "America/Menominee", "America/North_Dakota/Center", "America/North_Dakota/New_Salem",
                         "America/North_Dakota/Beulah", "America/Rainy_River", "America/Rankin_Inlet",
                         "America/Resolute", "America/Regina", "America/Swift_Current", "America/Matamoros",
                         "US/Central", "CST6CDT"]),
            ("Mountain", ["America/Denver", "America/Boise", "America/Edmonton", "America/Cambridge_Bay",
                          "America/Yellowknife", "America/Inuvik", "America/Ojinaga", "US/Mountain", "MST7MDT"]),
            ("Arizona", ["America/Phoenix", "US/Arizona"]),
            ("Pacific", ["America/Los_Angeles", "America/Vancouver", "America/Tijuana", "US/Pacific", "PST8PDT"]),
            ("Alaska", ["America/Anchorage", "America/Juneau", "America/Sitka", "America/Yakutat", "America/Nome",
                        "America/Metlakatla", "US/Alaska"]),
            ("Hawaii", ["Pacific/Honolulu", "America/Adak", "US/Hawaii"]),
            ("Atlantic", ["America/Halifax", "America/Moncton", "America/Glace_Bay", "America/Goose_Bay",
                          "America/Puerto_Rico", "America/Thule", "Atlantic/Bermuda"]),
            ("Newfoundland", ["America/St_Johns", "Canada/Newfoundland"]),
        ]
        for (name, zones) in groups { for z in zones { names[z] = name } }
        return names
    }()

    /// "Eastern", "Newfoundland", or "Berlin time" for zones outside North America.
    public static func zoneName(_ identifier: String) -> String {
        if let name = plainNames[identifier] { return name }
        if identifier == "UTC" || identifier == "Etc/UTC" { return "UTC" }
        let city = identifier.split(separator: "/").last.map { $0.replacingOccurrences(of: "_", with: " ") } ?? identifier
        return "\(city) time"
    }

    public static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                             "October", "November", "December"]

    /// "2 PM", "2:30 PM", "12 PM" (noon), "12 AM" (midnight).
    public static func clock(minuteOfDay: Int) -> String {
        (0..<1440).contains(minuteOfDay) ? clockNames[minuteOfDay] : spell(minuteOfDay: minuteOfDay)
    }

    /// Every minute of a day spelt once: each offer says one or two.
    static let clockNames = (0..<1440).map { spell(minuteOfDay: $0) }

    static func spell(minuteOfDay: Int) -> String {
        let h = minuteOfDay / 60, m = minuteOfDay % 60
        let h12 = h % 12 == 0 ? 12 : h % 12
        let suffix = h < 12 ? "AM" : "PM"
        return m == 0 ? "\(h12) \(suffix)" : "\(h12):\(m < 10 ? "0" : "")\(m) \(suffix)"
    }

    /// "today", "tomorrow", "Tuesday" (within six days), else "December 8".
    public static func day(_ date: CivilDate, today: CivilDate) -> String {
        let delta = date.daysSinceEpoch - today.daysSinceEpoch
        if delta == 0 { return "today" }
        if delta == 1 { return "tomorrow" }
        if delta > 1 && delta <= 6 { return weekdayNames[date.weekday.isoNumber - 1] }
        return "\(monthNames[date.month - 1]) \(date.day)"
    }

    /// The spoken parts of one slot for a recipient.
    public struct Phrases: Sendable, Equatable {
        /// "Tuesday at 2 PM Eastern" (zone named only when the recipient's differs).
        public let ownerTime: String
        /// "11 AM" (with the day when the recipient's date differs: "11 PM Monday").
        public let recipientTime: String
        /// " — that's 11 AM your time", or empty when the zones agree.
        public let recipientClause: String
        /// `YYYY-MM-DD` in the owner's zone.
        public let date: String
        /// "Eastern".
        public let ownerZone: String
        /// `<ownerTime><recipientClause>`: what preview shows as `offer`.
        public var offer: String { ownerTime + recipientClause }
    }

    /// Phrases for a slot starting at `start`, said at `now`.
    public static func phrases(start: UnixTime, now: UnixTime, owner: ZoneClock, recipient: ZoneClock) -> Phrases {
        let ownerDate = owner.date(of: start)
        let differ = owner.offset(at: start) != recipient.offset(at: start)
        let zone = zoneName(owner.identifier)
        let ownerTime = "\(day(ownerDate, today: owner.date(of: now))) at \(clock(minuteOfDay: owner.minuteOfDay(start)))"
            + (differ ? " \(zone)" : "")
        var recipientTime = clock(minuteOfDay: recipient.minuteOfDay(start))
        let recipientDate = recipient.date(of: start)
        if recipientDate != ownerDate { recipientTime += " " + day(recipientDate, today: recipient.date(of: now)) }
        return Phrases(ownerTime: ownerTime, recipientTime: recipientTime,
                       recipientClause: differ ? " — that's \(recipientTime) your time" : "",
                       date: ownerDate.description, ownerZone: zone)
    }
}
