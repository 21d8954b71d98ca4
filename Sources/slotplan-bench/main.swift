import PlanModel
import CYAML
import Foundation
import PolicyLanguage

/// Benchmarks for the policy front end. Run through `make bench` (scripts/bench-check.sh), which
/// also times check-jsonschema on the same files.
///
///     slotplan-bench generate N DIR   write N campaign files (plus a team and a schedule) into DIR
///     slotplan-bench parse DIR        bare libyaml event parse of every file, files per second
///     slotplan-bench tree DIR         libyaml into the positioned tree (no decoding), one core
///     slotplan-bench check DIR        full `check` in process, files per second
///     slotplan-bench slots [BUSY]     one slot evaluation (90 days, 3 windows, 2,000 busy) and a scaling table
///     slotplan-bench slots-compare DAYS BUSY   slot starts for the slotify comparison (scripts/bench-slots.py)
///     slotplan-bench ics FILE FROM TO read and expand an iCalendar file (scripts/bench-ics.py)
///     slotplan-bench ledger sqlite N  bookings per second through the ledger
///     slotplan-bench offers PLANS CAMPAIGN CALENDAR-DIR NOW PHONE N   one offers lookup through the runtime
let arguments = CommandLine.arguments.dropFirst()

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("slotplan-bench: \(message)\n".utf8))
    exit(64)
}

/// Removes a benchmark's SQLite ledger and its WAL files; a file that stays behind is said, not hidden.
func removeTemporaryLedger(_ path: String) {
    for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
        do { try FileManager.default.removeItem(atPath: file) } catch {
            FileHandle.standardError.write(Data("slotplan-bench: could not remove \(file): \(error)\n".utf8))
        }
    }
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Parses bytes with libyaml's event API and nothing else; returns the event count.
func bareParse(_ bytes: [UInt8]) -> Int {
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) != 0 else { return 0 }
    defer { yaml_parser_delete(&parser) }
    var events = 0
    bytes.withUnsafeBufferPointer { buffer in
        yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
        var event = yaml_event_t()
        while yaml_parser_parse(&parser, &event) != 0 {
            events += 1
            let done = event.type == YAML_STREAM_END_EVENT
            yaml_event_delete(&event)
            if done { break }
        }
    }
    return events
}

switch arguments.first {
case "generate":
    guard arguments.count == 3, let n = Int(arguments.dropFirst().first ?? ""), let dir = arguments.last else {
        fail("usage: slotplan-bench generate N DIR")
    }
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    for (name, text) in BenchWorkspace.fixedFiles {
        _ = FileManager.default.createFile(atPath: dir + "/" + name, contents: Data(text.utf8))
    }
    for i in 0..<n {
        _ = FileManager.default.createFile(atPath: dir + "/campaign-\(i).yaml", contents: Data(BenchWorkspace.campaign(i).utf8))
    }
    print("wrote \(n + BenchWorkspace.fixedFiles.count) files to \(dir)")
case "parse":
    guard let dir = arguments.dropFirst().first, let files = try? WorkspaceFiles.discover([dir]) else { fail("usage: slotplan-bench parse DIR") }
    var events = 0
    let elapsed = seconds {
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            events += bareParse([UInt8](data))
        }
    }
    print(String(format: "bare libyaml parse: %d files, %d events, %.3f s, %.0f files/s", files.count, events, elapsed, Double(files.count) / elapsed))
case "slots":
    SlotBench.run(busyFile: arguments.dropFirst().first)
case "slots-compare":
    guard arguments.count == 3, let days = Int(arguments.dropFirst().first ?? ""), let file = arguments.last else {
        fail("usage: slotplan-bench slots-compare DAYS BUSY.json")
    }
    SlotBench.starts(days: days, busyFile: file)
case "ics":
    guard arguments.count == 4, let file = arguments.dropFirst().first,
          let from = Int64(arguments.dropFirst(2).first ?? ""), let to = Int64(arguments.last ?? "") else {
        fail("usage: slotplan-bench ics FILE FROM-UNIX TO-UNIX")
    }
    SlotBench.ics(path: file, from: from, to: to)
case "ledger":
    guard arguments.count == 3, let count = Int(arguments.last ?? "") else { fail("usage: slotplan-bench ledger sqlite|postgres://URL N") }
    let kind = String(arguments.dropFirst().first ?? "sqlite")
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        await LedgerBench.run(kind: kind, count: count)
        done.signal()
    }
    done.wait()
case "offers":
    let a = Array(arguments.dropFirst())
    guard a.count == 6, let now = Timestamp.parse(a[3]), let count = Int(a[5]) else {
        fail("usage: slotplan-bench offers PLANS CAMPAIGN CALENDAR-DIR NOW PHONE N")
    }
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        await OffersBench.run(plans: a[0], campaign: a[1], calendar: a[2], now: now, phone: a[4], count: count)
        done.signal()
    }
    done.wait()
case "tree":
    guard let dir = arguments.dropFirst().first, let files = try? WorkspaceFiles.discover([dir]) else { fail("usage: slotplan-bench tree DIR") }
    let parser = YAMLParser()
    var documents = 0
    let elapsed = seconds { for file in files { documents += parser.parseFile(atPath: file).documents.count } }
    print(String(format: "positioned tree (1 core): %d files, %d documents, %.3f s, %.0f files/s", files.count, documents, elapsed, Double(files.count) / elapsed))
case "check":
    guard let dir = arguments.dropFirst().first else { fail("usage: slotplan-bench check DIR") }
    var result: CompilationResult?
    let elapsed = try seconds { result = try PolicyCompiler().compile(paths: [dir]) }
    guard let result else { fail("no result") }
    print(String(format: "slotplan check (in process): %d files, %d diagnostics, %d plans, %.3f s, %.0f files/s",
                 result.files.count, result.diagnostics.count, result.plans.count, elapsed, Double(result.files.count) / elapsed))
default:
    fail("usage: slotplan-bench generate N DIR | parse DIR | tree DIR | check DIR | slots | slots-compare DAYS BUSY | ics FILE FROM TO | ledger sqlite N")
}
