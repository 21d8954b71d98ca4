/// Day of the week, Monday first as in ISO 8601.
public enum Weekday: String, Codable, Sendable, CaseIterable, Comparable {
    case mon, tue, wed, thu, fri, sat, sun

    /// 1 for Monday … 7 for Sunday.
    public var isoNumber: Int { Weekday.allCases.firstIndex(of: self).map { $0 + 1 } ?? 1 }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.isoNumber < rhs.isoNumber }
}

/// A wall-clock window of one day, in minutes after that day's midnight.
///
/// `endMinute` is greater than `startMinute`; a window crossing midnight ends after 1440.
public struct Window: Codable, Sendable, Equatable, Comparable, CustomStringConvertible {
    public let startMinute: Int
    public let endMinute: Int

    public init(startMinute: Int, endMinute: Int) {
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// Length of the window in minutes.
    public var minutes: Int { endMinute - startMinute }

    /// `HH:MM-HH:MM`, the spelling of the policy language.
    public var description: String {
        "\(Window.clock(startMinute))-\(endMinute == 1440 ? "24:00" : Window.clock(endMinute % 1440))"
    }

    /// `HH:MM` for a minute of the day (1440 prints as `24:00`).
    public static func clock(_ minute: Int) -> String {
        let h = minute / 60, m = minute % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.startMinute, lhs.endMinute) < (rhs.startMinute, rhs.endMinute)
    }

    enum CodingKeys: String, CodingKey {
        case startMinute = "start_minute"
        case endMinute = "end_minute"
    }
}

/// The windows of one weekday.
public struct WeeklyHours: Codable, Sendable, Equatable {
    public let day: Weekday
    public let windows: [Window]
    public init(day: Weekday, windows: [Window]) {
        self.day = day
        self.windows = windows
    }
}

/// A date whose windows replace the weekly hours; no windows means closed.
public struct DateOverride: Codable, Sendable, Equatable {
    /// `YYYY-MM-DD`.
    public let date: String
    public let windows: [Window]
    public init(date: String, windows: [Window]) {
        self.date = date
        self.windows = windows
    }
}

/// Weekly hours and date overrides in one IANA time zone.
public struct WeeklySchedule: Codable, Sendable, Equatable {
    /// The schedule's id when it came from a Schedule document; nil for an inline schedule.
    public let id: String?
    public let timezone: String
    /// One entry per day that has hours, Monday first.
    public let weekly: [WeeklyHours]
    /// Sorted by date.
    public let dates: [DateOverride]

    public init(id: String?, timezone: String, weekly: [WeeklyHours], dates: [DateOverride]) {
        self.id = id
        self.timezone = timezone
        self.weekly = weekly.sorted { $0.day < $1.day }
        self.dates = dates.sorted { $0.date < $1.date }
    }

    /// The windows of a weekday (empty when it has none).
    public func windows(on day: Weekday) -> [Window] {
        weekly.first { $0.day == day }?.windows ?? []
    }
}
