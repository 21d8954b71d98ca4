/// Durations in the policy language's own spelling, for messages: `1h30m`, `14d`, `0m`.
public enum DurationText {
    public static func format(minutes: Int) -> String {
        if minutes == 0 { return "0m" }
        var out = ""
        let d = minutes / 1440, h = minutes % 1440 / 60, m = minutes % 60
        if d > 0 { out += "\(d)d" }
        if h > 0 { out += "\(h)h" }
        if m > 0 { out += "\(m)m" }
        return out
    }
}
