/// The limits that keep hostile or broken input from crashing or hanging the front end.
public struct InputLimits: Sendable {
    /// Largest file read, in bytes (1 MiB).
    public var maxFileBytes = 1 << 20
    /// Deepest nesting of mappings and lists.
    public var maxDepth = 64
    /// Most nodes that aliases may copy into one document (billion-laughs guard).
    public var maxAliasExpansion = 10_000

    public init() {}
    public static let standard = InputLimits()
}

enum UTF8Check {
    /// The byte offset of the first byte that is not valid UTF-8, or nil when all is valid.
    static func firstInvalidOffset(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let need: Int
            let min: UInt32
            var cp: UInt32
            switch b {
            case 0xC2...0xDF: need = 1; cp = UInt32(b & 0x1F); min = 0x80
            case 0xE0...0xEF: need = 2; cp = UInt32(b & 0x0F); min = 0x800
            case 0xF0...0xF4: need = 3; cp = UInt32(b & 0x07); min = 0x10000
            default: return i
            }
            for k in 1...need {
                guard i + k < n, bytes[i + k] & 0xC0 == 0x80 else { return i }
                cp = cp << 6 | UInt32(bytes[i + k] & 0x3F)
            }
            if cp < min || cp > 0x10FFFF || (0xD800...0xDFFF).contains(cp) { return i }
            i += need + 1
        }
        return nil
    }

    /// 1-based line and column (in characters) of a byte offset in text valid up to that offset.
    static func location(ofByte offset: Int, in bytes: [UInt8]) -> SourceLocation {
        var line = 1, column = 1
        for i in 0..<min(offset, bytes.count) {
            if bytes[i] == 0x0A { line += 1; column = 1 }
            else if bytes[i] & 0xC0 != 0x80 { column += 1 }
        }
        return SourceLocation(line: line, column: column)
    }
}
