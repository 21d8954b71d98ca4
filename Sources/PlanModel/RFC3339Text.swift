/// RFC 3339 instants written byte by byte. Every offer carries four of them, and string
/// interpolation cost more than the slot search that found the offer.
public enum RFC3339Text {
    /// `YYYY-MM-DDTHH:MM:SS` of the wall-clock seconds `local`, then `Z` when `offset` is nil, else
    /// the offset as `±HH:MM`. nil for a year outside 0–9999, which the callers spell their own way.
    public static func format(local: Int64, offset: Int64?) -> String? {
        let date = CivilDate(daysSinceEpoch: Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400))
        guard (0...9999).contains(date.year) else { return nil }
        let seconds = Int(((local % 86_400) + 86_400) % 86_400)
        let length = offset == nil ? 20 : 25
        return String(unsafeUninitializedCapacity: length) { out in
            writeDate(date, into: out)
            out[10] = UInt8(ascii: "T")
            write(seconds / 3600, 2, at: 11, into: out)
            out[13] = UInt8(ascii: ":")
            write(seconds / 60 % 60, 2, at: 14, into: out)
            out[16] = UInt8(ascii: ":")
            write(seconds % 60, 2, at: 17, into: out)
            guard let offset else {
                out[19] = UInt8(ascii: "Z")
                return length
            }
            let a = Int(offset.magnitude)
            out[19] = offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
            write(a / 3600 % 100, 2, at: 20, into: out)
            out[22] = UInt8(ascii: ":")
            write(a / 60 % 60, 2, at: 23, into: out)
            return length
        }
    }

    /// `YYYY-MM-DD`; nil for a year outside 0–9999.
    public static func date(_ date: CivilDate) -> String? {
        guard (0...9999).contains(date.year), (1...12).contains(date.month), (1...31).contains(date.day) else { return nil }
        return String(unsafeUninitializedCapacity: 10) { out in
            writeDate(date, into: out)
            return 10
        }
    }

    private static func writeDate(_ date: CivilDate, into out: UnsafeMutableBufferPointer<UInt8>) {
        write(date.year, 4, at: 0, into: out)
        out[4] = UInt8(ascii: "-")
        write(date.month, 2, at: 5, into: out)
        out[7] = UInt8(ascii: "-")
        write(date.day, 2, at: 8, into: out)
    }

    /// `value` as `count` decimal digits (leading zeros) at `index`.
    private static func write(_ value: Int, _ count: Int, at index: Int, into out: UnsafeMutableBufferPointer<UInt8>) {
        var v = value
        for i in stride(from: index + count - 1, through: index, by: -1) {
            out[i] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
        }
    }
}
