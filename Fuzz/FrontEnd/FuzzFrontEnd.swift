import PolicyLanguage

/// libFuzzer entry point: any bytes as a policy file, through the whole front end and every
/// renderer. Built only with `SLOTPLAN_FUZZ=1 swift build --sanitize fuzzer` (see docs/fuzzing.md).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrontEnd(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let result = PolicyCompiler().compile(files: [("fuzz.yaml", bytes), ("team.yaml", teamBytes)])
    let report = DiagnosticReport(result)
    for format in DiagnosticFormat.allCases { _ = format.render(report) }
    return 0
}

private let teamBytes = Array("""
    kind: Team
    version: 1
    members:
      maria: { name: Maria, email: maria@acme.example, calendars: { google: { account: maria@acme.example, timezone: UTC, connected_at: 2026-10-01T00:00:00Z } } }
    """.utf8)
