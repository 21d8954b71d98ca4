/// The stable identity of every diagnostic slotplan can report. Codes never change meaning;
/// retired codes are not reused. `docs/diagnostics.md` lists them all.
public enum DiagnosticID: String, Sendable, CaseIterable, Codable {
    // SP0xx: reading files and YAML structure
    case unreadableFile, fileTooLarge, invalidUTF8, yamlSyntax, tabIndentation, nestingTooDeep
    case undefinedAlias, aliasBudgetExceeded, duplicateKey, unsupportedYAML, emptyFile
    // SP1xx: documents
    case missingKind, unknownKind, missingVersion, unsupportedVersion, emptyDocument
    // SP2xx: fields and values
    case missingField, wrongType, invalidChoice, unknownKey, yaml11Boolean, bareNumberDuration
    case invalidDuration, invalidWindow, invalidDayKey, invalidDate, invalidInteger, invalidEmail
    case invalidTimestamp, invalidURL, invalidIdentifier, duplicateDay, overlappingWindows
    case valueOutOfRange, emptyValue
    // SP3xx: references across the workspace
    case unknownMember, unknownTimeZone, unknownSchedule, duplicateCampaignID, duplicateScheduleID
    case duplicateMember, noTeam, noCampaigns
    // SP4xx: policy contradictions
    case noticeBeyondLookAhead, meetingLongerThanWindows, noConnectedCalendar, expiredConnection
    case personalOutlookVideo, unusedSchedule, addressRequired, addressRefused, linkRefused
    case bookOnNotConnected, noOpenDay, lookAheadNotWholeDays
    case noTimeZone, scheduleNeverOpen
    // SP5xx: templates
    case unknownToken, braceToken, tokenNotInContext, malformedToken

    /// The printed code, e.g. `SP204`.
    public var code: String {
        let number = String(Self.numbers[self] ?? 0)
        return "SP" + String(repeating: "0", count: max(0, 3 - number.count)) + number
    }

    /// A short, stable title (used as SARIF rule name and in the docs).
    public var title: String { Self.titles[self] ?? rawValue }

    public var defaultSeverity: Severity {
        switch self {
        case .emptyFile, .expiredConnection, .personalOutlookVideo, .unusedSchedule, .braceToken,
            .bookOnNotConnected, .scheduleNeverOpen:
            return .warning
        default:
            return .error
        }
    }

    private static let numbers: [DiagnosticID: Int] = [
        .unreadableFile: 1, .fileTooLarge: 2, .invalidUTF8: 3, .yamlSyntax: 4, .tabIndentation: 5,
        .nestingTooDeep: 6, .undefinedAlias: 7, .aliasBudgetExceeded: 8, .duplicateKey: 9,
        .unsupportedYAML: 10, .emptyFile: 11,
        .missingKind: 101, .unknownKind: 102, .missingVersion: 103, .unsupportedVersion: 104,
        .emptyDocument: 105,
        .missingField: 201, .wrongType: 202, .invalidChoice: 203, .unknownKey: 204,
        .yaml11Boolean: 205, .bareNumberDuration: 206, .invalidDuration: 207, .invalidWindow: 208,
        .invalidDayKey: 209, .invalidDate: 210, .invalidInteger: 211, .invalidEmail: 212,
        .invalidTimestamp: 213, .invalidURL: 214, .invalidIdentifier: 215, .duplicateDay: 216,
        .overlappingWindows: 217, .valueOutOfRange: 218, .emptyValue: 219,
        .unknownMember: 301, .unknownTimeZone: 302, .unknownSchedule: 303, .duplicateCampaignID: 304,
        .duplicateScheduleID: 305, .duplicateMember: 306, .noTeam: 307, .noCampaigns: 308,
        .noticeBeyondLookAhead: 401, .meetingLongerThanWindows: 402, .noConnectedCalendar: 403,
        .expiredConnection: 404, .personalOutlookVideo: 405, .unusedSchedule: 406,
        .addressRequired: 407, .addressRefused: 408, .linkRefused: 409, .bookOnNotConnected: 410,
        .noOpenDay: 412, .lookAheadNotWholeDays: 413,
        .noTimeZone: 414, .scheduleNeverOpen: 415,
        .unknownToken: 501, .braceToken: 502, .tokenNotInContext: 503, .malformedToken: 504,
    ]

    private static let titles: [DiagnosticID: String] = [
        .unreadableFile: "file cannot be read", .fileTooLarge: "file over 1 MiB",
        .invalidUTF8: "invalid UTF-8", .yamlSyntax: "YAML syntax error",
        .tabIndentation: "tab in indentation", .nestingTooDeep: "nesting deeper than 64",
        .undefinedAlias: "undefined alias", .aliasBudgetExceeded: "alias expansion over budget",
        .duplicateKey: "duplicate key", .unsupportedYAML: "unsupported YAML feature",
        .emptyFile: "file holds no document",
        .missingKind: "document has no kind", .unknownKind: "unknown kind",
        .missingVersion: "document has no version", .unsupportedVersion: "unsupported version",
        .emptyDocument: "empty document",
        .missingField: "required field missing", .wrongType: "value of the wrong type",
        .invalidChoice: "value not among the choices", .unknownKey: "unknown key",
        .yaml11Boolean: "YAML 1.1 boolean", .bareNumberDuration: "duration without unit",
        .invalidDuration: "invalid duration", .invalidWindow: "invalid time window",
        .invalidDayKey: "invalid day key", .invalidDate: "invalid date",
        .invalidInteger: "invalid integer", .invalidEmail: "invalid e-mail address",
        .invalidTimestamp: "invalid timestamp", .invalidURL: "invalid URL",
        .invalidIdentifier: "invalid identifier", .duplicateDay: "day given twice",
        .overlappingWindows: "overlapping windows", .valueOutOfRange: "value out of range",
        .emptyValue: "empty value",
        .unknownMember: "unknown team member", .unknownTimeZone: "unknown time zone",
        .unknownSchedule: "unknown schedule", .duplicateCampaignID: "duplicate campaign id",
        .duplicateScheduleID: "duplicate schedule id", .duplicateMember: "member defined twice",
        .noTeam: "no Team document", .noCampaigns: "no policy files",
        .noticeBeyondLookAhead: "minimum notice at or beyond look-ahead",
        .meetingLongerThanWindows: "meeting longer than every window",
        .noConnectedCalendar: "calendar owner has no connected calendar",
        .expiredConnection: "booking connection expired",
        .personalOutlookVideo: "video on a personal Outlook account",
        .unusedSchedule: "schedule not used", .addressRequired: "in-person meeting without address",
        .addressRefused: "address on a meeting that is not in person",
        .linkRefused: "link on a meeting that is not video",
        .bookOnNotConnected: "book_on names a provider that is not connected",
        .noOpenDay: "availability has no hours", .lookAheadNotWholeDays: "look-ahead not whole days",
        .noTimeZone: "schedule has no time zone", .scheduleNeverOpen: "override closes a day that has no hours",
        .unknownToken: "unknown template token", .braceToken: "token in brace form",
        .tokenNotInContext: "token not available here", .malformedToken: "malformed token",
    ]
}
