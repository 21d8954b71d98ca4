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

/// The text of one source file, split into lines for excerpts.
public struct SourceText: Sendable {
    public let path: String
    public let lines: [Substring]

    public init(path: String, text: String) {
        self.path = path
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
    }

    /// The text of a 1-based line, if it exists.
    public func line(_ number: Int) -> Substring? {
        number >= 1 && number <= lines.count ? lines[number - 1] : nil
    }
}
