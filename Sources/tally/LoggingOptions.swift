import ArgumentParser
import Logging

extension LogFormat: ExpressibleByArgument {}

/// The logging flags every command that runs a pipeline takes.
struct LoggingOptions: ParsableArguments {
    @Option(name: .long, help: "Log format on stderr: human or json (one JSON object per line).")
    var logFormat: LogFormat = .human

    @Flag(name: .long, help: "Also log each file as it is read, and the first rejects one by one.")
    var verbose = false

    /// A logger writing to stderr in the chosen format.
    func logger() -> Logger {
        var logger = Logger(label: "tally") { _ in StderrLogHandler(format: logFormat) }
        logger.logLevel = verbose ? .debug : .info
        return logger
    }
}
