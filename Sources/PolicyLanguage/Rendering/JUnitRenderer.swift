/// JUnit XML: one test case per file; a file with errors fails with every problem in the body.
enum JUnitRenderer {
    static func escape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { out += "\u{FFFD}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    static func render(_ report: DiagnosticReport) -> String {
        let human = HumanRenderer(color: false)
        var byFile: [String: [Diagnostic]] = [:]
        for d in report.diagnostics { byFile[d.range?.file ?? "(workspace)", default: []].append(d) }
        let names = report.files + byFile.keys.filter { !report.files.contains($0) }.sorted()
        var cases: [String] = []
        var failures = 0
        for file in names {
            let found = byFile[file] ?? []
            let failing = found.filter { report.effectiveSeverity($0) == .error }
            var body = "    <testcase classname=\"slotplan.check\" name=\"\(escape(file))\""
            if failing.isEmpty && found.isEmpty {
                cases.append(body + "/>")
                continue
            }
            body += ">\n"
            let text = found.map { human.render($0, report: report) }.joined(separator: "\n\n")
            if let first = failing.first {
                failures += 1
                body += "      <failure message=\"\(escape("\(failing.count) error(s): \(first.code) \(first.message)"))\" type=\"\(first.code)\">\(escape(text))</failure>\n"
            } else {
                body += "      <system-out>\(escape(text))</system-out>\n"
            }
            cases.append(body + "    </testcase>")
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="slotplan check" tests="\(names.count)" failures="\(failures)">
              <testsuite name="slotplan check" tests="\(names.count)" failures="\(failures)" errors="0" skipped="0">
            \(cases.joined(separator: "\n"))
              </testsuite>
            </testsuites>

            """
    }
}
