import Foundation

/// A command-line tool run to completion: its standard output, standard error and exit status.
public struct ToolRun: Sendable {
    /// What it wrote to standard output.
    public var output: Data
    /// What it wrote to standard error, as text.
    public var errors: String
    /// Its exit status.
    public var status: Int32

    /// Standard output as UTF-8 text.
    public var text: String { String(decoding: output, as: UTF8.self) }
}

/// Why a read-back tool could not give an answer.
public struct ToolFailure: Error, CustomStringConvertible {
    /// The command line, for the test report.
    public var command: String
    /// What went wrong.
    public var reason: String

    /// A failure of `command` for `reason`.
    public init(command: String, reason: String) {
        self.command = command
        self.reason = reason
    }

    public var description: String { "\(command): \(reason)" }
}

/// Runs `tool` (found on `PATH`) with `arguments`, and `environment` added to this process's,
/// and waits for it. Its outputs go through files, not pipes, so that nothing it writes can block it.
public func run(_ tool: String, _ arguments: [String], environment: [String: String] = [:]) throws -> ToolRun {
    let directory = try ScratchDirectory()
    let outputURL = directory.url.appendingPathComponent("stdout")
    let errorsURL = directory.url.appendingPathComponent("stderr")
    try Data().write(to: outputURL)
    try Data().write(to: errorsURL)
    let output = try FileHandle(forWritingTo: outputURL)
    let errors = try FileHandle(forWritingTo: errorsURL)
    defer {
        try? output.close()
        try? errors.close()
    }

    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    do { try process.run() } catch {
        throw ToolFailure(command: tool, reason: "could not start: \(error) (scripts/bootstrap installs it)")
    }
    process.waitUntilExit()
    return ToolRun(
        output: try Data(contentsOf: outputURL),
        errors: String(decoding: try Data(contentsOf: errorsURL), as: UTF8.self),
        status: process.terminationStatus
    )
}

/// A fresh directory under the system's temporary directory, removed with its contents when
/// the value is released.
public final class ScratchDirectory: Sendable {
    /// Where it is.
    public let url: URL

    /// Makes the directory.
    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("cashless-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `bytes` to a file called `name` in the directory and returns its path.
    public func write(_ bytes: some Sequence<UInt8>, to name: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
