import PlanModel

/// The keys of one mapping, checked against the fields its context allows.
struct Fields {
    /// The context name used in messages, e.g. `booking`.
    let context: String
    /// Where to point when a required field is missing (the mapping's key, or the mapping).
    let anchor: SourceRange
    /// The known keys in source order (mappings are small: a scan beats hashing).
    let pairs: [YAMLPair]
    /// `pairs`' keys, for the scan.
    let keys: [String]

    init(context: String, anchor: SourceRange, pairs: [YAMLPair]) {
        self.context = context
        self.anchor = anchor
        self.pairs = pairs
        self.keys = pairs.map(\.keyText)
    }

    subscript(_ key: String) -> YAMLPair? {
        for i in keys.indices where keys[i] == key { return pairs[i] }
        return nil
    }
}

/// Reads positioned YAML nodes as the schema says, collecting a diagnostic for each problem.
///
/// Every reader returns nil after reporting; callers use defaults or skip dependent checks.
struct SchemaDecoder {
    var bag = DiagnosticBag()

    mutating func report(_ diagnostic: Diagnostic) { bag.add(diagnostic) }

    /// The fields of a mapping node; unknown keys are reported with "did you mean" and the list.
    mutating func fields(
        _ node: YAMLNode, context: String, anchor: SourceRange? = nil, allowed: [String]
    ) -> Fields? {
        guard let pairs = node.mapping else {
            report(Diagnostic(
                .wrongType, "`\(context)` must be a mapping, found \(node.kindDescription)", at: node.range,
                label: "expected `key: value` lines",
                help: "`\(context)` takes: \(allowed.joined(separator: ", "))"))
            return nil
        }
        var known: [YAMLPair] = []
        known.reserveCapacity(pairs.count)
        for pair in pairs {
            let key = pair.keyText
            if allowed.contains(key) {
                known.append(pair)
                continue
            }
            let suggestion = DidYouMean.suggestion(for: key, among: allowed)
            report(Diagnostic(
                .unknownKey, "unknown key `\(key)` in `\(context)`", at: pair.key.range,
                label: "not a field of `\(context)`",
                notes: [DiagnosticNote("`\(context)` takes: \(allowed.joined(separator: ", "))")],
                help: suggestion.map { "did you mean `\($0)`?" } ?? "remove it, or check the spelling",
                fixIts: suggestion.map { [FixIt(range: pair.key.range, replacement: $0)] } ?? []))
        }
        return Fields(context: context, anchor: anchor ?? node.range, pairs: known)
    }

    /// Reports a missing required field.
    mutating func missing(_ key: String, in fields: Fields, help: String) {
        report(Diagnostic(
            .missingField, "`\(fields.context)` is missing `\(key)`", at: fields.anchor,
            label: "`\(key)` is required here", help: help))
    }

    /// A non-empty text scalar.
    mutating func text(_ pair: YAMLPair?, _ name: String) -> Located<String>? {
        guard let pair else { return nil }
        guard let scalar = pair.value.scalar else {
            report(Diagnostic(
                .wrongType, "`\(name)` must be text, found \(pair.value.kindDescription)", at: pair.value.range,
                label: "expected text"))
            return nil
        }
        guard !scalar.isNull, scalar.text.utf8.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D }) else {
            report(Diagnostic(
                .emptyValue, "`\(name)` is empty", at: pair.value.range.file == pair.key.range.file ? pair.key.range : pair.value.range,
                label: "no value", help: "give `\(name)` a value or remove the key to use the default"))
            return nil
        }
        return Located(scalar.text, pair.value.range)
    }

    /// `true` or `false`, nothing else.
    mutating func bool(_ pair: YAMLPair?, _ name: String) -> Located<Bool>? {
        guard let pair else { return nil }
        guard let scalar = pair.value.scalar else {
            report(Diagnostic(.wrongType, "`\(name)` must be true or false, found \(pair.value.kindDescription)",
                              at: pair.value.range, help: "write `true` or `false`"))
            return nil
        }
        if scalar.style.isPlain, scalar.text == "true" || scalar.text == "false" {
            return Located(scalar.text == "true", pair.value.range)
        }
        let lowered = scalar.text.lowercased()
        if let meant = ValueSyntax.yaml11Booleans[lowered] ?? (lowered == "true" ? true : lowered == "false" ? false : nil) {
            let fix = meant ? "true" : "false"
            let quoted = !scalar.style.isPlain
            report(Diagnostic(
                .yaml11Boolean,
                quoted ? "`\(name)` must be the boolean `\(fix)`, not the quoted text \"\(scalar.text)\""
                    : "`\(scalar.text)` is not a boolean in slotplan (YAML 1.1 spelling)",
                at: pair.value.range, label: "write `\(fix)`",
                notes: quoted ? [] : [DiagnosticNote("YAML 1.1 tools read `\(scalar.text)` as \(fix), YAML 1.2 tools as text; slotplan accepts only `true` and `false`")],
                help: "replace `\(scalar.text)` with `\(fix)`",
                fixIts: [FixIt(range: pair.value.range, replacement: fix)]))
            return nil
        }
        report(Diagnostic(.wrongType, "`\(name)` must be true or false, found \(pair.value.kindDescription)",
                          at: pair.value.range, label: "not a boolean", help: "write `true` or `false`"))
        return nil
    }

    /// A whole number within `range`.
    mutating func integer(_ pair: YAMLPair?, _ name: String, in range: ClosedRange<Int>) -> Located<Int>? {
        guard let pair else { return nil }
        guard let scalar = pair.value.scalar, scalar.style.isPlain,
              scalar.text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(scalar.text)
        else {
            report(Diagnostic(.invalidInteger, "`\(name)` must be a whole number, found \(pair.value.kindDescription)",
                              at: pair.value.range, label: "not a whole number",
                              help: "write a number such as `\(range.lowerBound == 0 ? 1 : range.lowerBound)`, without quotes"))
            return nil
        }
        guard range.contains(value) else {
            report(Diagnostic(.valueOutOfRange, "`\(name)` must be between \(range.lowerBound) and \(range.upperBound), found \(value)",
                              at: pair.value.range, label: "out of range"))
            return nil
        }
        return Located(value, pair.value.range)
    }

    /// A duration in minutes (`30m`, `1h30m`, `14d`), at most `maximum`.
    mutating func duration(_ pair: YAMLPair?, _ name: String, maximum: Int, allowZero: Bool = true) -> Located<Int>? {
        guard let pair else { return nil }
        guard let scalar = pair.value.scalar, !scalar.isNull else {
            report(Diagnostic(.wrongType, "`\(name)` must be a duration, found \(pair.value.kindDescription)",
                              at: pair.value.range, help: "write a duration with a unit: `30m`, `2h`, `1h30m`, `14d`"))
            return nil
        }
        let text = scalar.text
        guard let minutes = ValueSyntax.durationMinutes(text) else {
            let suggestion = ValueSyntax.durationSuggestion(text)
            let bare = scalar.style.isPlain && Int(text) != nil
            report(Diagnostic(
                bare ? .bareNumberDuration : .invalidDuration,
                bare ? "duration `\(text)` has no unit" : "`\(text)` is not a duration",
                at: pair.value.range, label: bare ? "minutes? hours? days?" : "not a duration",
                notes: [DiagnosticNote("durations carry a unit: `m` minutes, `h` hours, `d` days, combined largest first like `1h30m`")],
                help: suggestion.map { "write `\($0)`" } ?? "write a duration with a unit: `30m`, `2h`, `1h30m`, `14d`",
                fixIts: suggestion.map { [FixIt(range: pair.value.range, replacement: $0)] } ?? []))
            return nil
        }
        if minutes == 0 && !allowZero {
            report(Diagnostic(.valueOutOfRange, "`\(name)` must be longer than zero", at: pair.value.range,
                              label: "zero", help: "write a positive duration such as `30m`"))
            return nil
        }
        if minutes > maximum {
            report(Diagnostic(.valueOutOfRange,
                              "`\(name)` is \(DurationText.format(minutes: minutes)); the most it may be is \(DurationText.format(minutes: maximum))",
                              at: pair.value.range, label: "too long"))
            return nil
        }
        return Located(minutes, pair.value.range)
    }

    /// One of the given choices (matched exactly), with "did you mean" otherwise.
    mutating func choice<T>(_ pair: YAMLPair?, _ name: String, _ choices: [(String, T)]) -> Located<T>? {
        guard let pair else { return nil }
        let names = choices.map(\.0)
        guard let scalar = pair.value.scalar, !scalar.isNull else {
            report(Diagnostic(.wrongType, "`\(name)` must be one of \(names.joined(separator: ", ")), found \(pair.value.kindDescription)",
                              at: pair.value.range, help: "valid choices: \(names.joined(separator: ", "))"))
            return nil
        }
        if let match = choices.first(where: { $0.0 == scalar.text }) { return Located(match.1, pair.value.range) }
        let suggestion = DidYouMean.suggestion(for: scalar.text, among: names)
        report(Diagnostic(
            .invalidChoice, "`\(scalar.text)` is not a valid `\(name)`", at: pair.value.range,
            label: "not one of the choices",
            notes: [DiagnosticNote("valid choices: \(names.joined(separator: ", "))")],
            help: suggestion.map { "did you mean `\($0)`?" } ?? "use one of: \(names.joined(separator: ", "))",
            fixIts: suggestion.map { [FixIt(range: pair.value.range, replacement: $0)] } ?? []))
        return nil
    }

    /// An IANA time zone name.
    mutating func timeZone(_ pair: YAMLPair?, _ name: String) -> Located<String>? {
        guard let value = text(pair, name) else { return nil }
        if ValueSyntax.isTimeZone(value.value) { return value }
        let suggestion = DidYouMean.suggestion(for: value.value, among: ValueSyntax.timeZoneIdentifiers)
        report(Diagnostic(
            .unknownTimeZone, "unknown time zone `\(value.value)`", at: value.range, label: "not an IANA time zone",
            help: suggestion.map { "did you mean `\($0)`?" } ?? "use an IANA name such as `America/New_York` or `Europe/Berlin`",
            fixIts: suggestion.map { [FixIt(range: value.range, replacement: $0)] } ?? []))
        return nil
    }

    /// An identifier usable as a file name.
    mutating func identifier(_ pair: YAMLPair?, _ name: String) -> Located<String>? {
        guard let value = text(pair, name) else { return nil }
        guard ValueSyntax.isIdentifier(value.value) else {
            report(Diagnostic(.invalidIdentifier, "`\(value.value)` is not a valid \(name)", at: value.range,
                              label: "letters, digits, `-`, `_` and `.` only",
                              help: "ids name files; use letters, digits, `-`, `_` or `.`, starting with a letter or digit"))
            return nil
        }
        return value
    }

    /// An e-mail address.
    mutating func email(_ pair: YAMLPair?, _ name: String) -> Located<String>? {
        guard let value = text(pair, name) else { return nil }
        guard ValueSyntax.isEmail(value.value) else {
            report(Diagnostic(.invalidEmail, "`\(value.value)` is not an e-mail address", at: value.range,
                              label: "expected name@domain", help: "write the address as `name@example.com`"))
            return nil
        }
        return value
    }
}
