import ArgumentParser
import NIOCore
import NIOPosix

// `slotplan serve` runs Swift concurrency on SwiftNIO's event loops: a request's handler then runs
// on the thread that read it, instead of crossing to Swift's own pool and back for every request
// (the hops were a fifth of the service's CPU). Installed first, on the main thread, before any
// task exists, as NIO requires, with `--threads` loops when given. Blocking file work goes to a
// queue of its own (Calendars.BlockingIO).
if CommandLine.arguments.dropFirst().first == "serve" {
    if let threads = ServeCommand.requestedThreads(Array(CommandLine.arguments.dropFirst(2))) {
        NIOSingletons.groupLoopCountSuggestion = threads
    }
    NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
}
/// The command line's asynchronous entry (a plain call would pick the synchronous `main`).
func runAsync<Command: AsyncParsableCommand>(_ command: Command.Type) async { await command.main(nil) }

await runAsync(SlotplanCommand.self)
