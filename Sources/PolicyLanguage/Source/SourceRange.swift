/// A 1-based line and column (columns count characters, as editors do).
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.line, lhs.column) < (rhs.line, rhs.column) }
    public var description: String { "\(line):\(column)" }
}

/// A span of one file: start inclusive, end exclusive.
public struct SourceRange: Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let start: SourceLocation
    public let end: SourceLocation

    public init(file: String, start: SourceLocation, end: SourceLocation) {
        self.file = file
        self.start = start
        self.end = max(start, end)
    }

    /// A range covering one point.
    public init(file: String, at location: SourceLocation) {
        self.init(file: file, start: location, end: SourceLocation(line: location.line, column: location.column + 1))
    }

    /// `file:line:col`.
    public var description: String { "\(file):\(start)" }
}

/// A decoded value and where it was written.
public struct Located<Value: Sendable>: Sendable {
    public let value: Value
    public let range: SourceRange
    public init(_ value: Value, _ range: SourceRange) {
        self.value = value
        self.range = range
    }
}

extension Located: Equatable where Value: Equatable {}

/// The text of one source file, for excerpts. Lines are found on demand: only diagnostics need them.
public struct SourceText: Sendable {
    public let path: String
    public let text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    /// The text of a 1-based line (without its line break), if it exists.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1 else { return nil }
        let utf8 = text.utf8
        var start = utf8.startIndex
        for _ in 1..<number {
            guard let newline = utf8[start...].firstIndex(of: 0x0A) else { return nil }
            start = utf8.index(after: newline)
        }
        var end = utf8[start...].firstIndex(of: 0x0A) ?? utf8.endIndex
        if end > start, utf8[utf8.index(before: end)] == 0x0D { end = utf8.index(before: end) }
        return text[start..<end]
    }
}
