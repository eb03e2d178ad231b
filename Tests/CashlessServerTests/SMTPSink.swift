import Foundation
import ReadBack
import Testing

/// A real SMTP server (PyPI's aiosmtpd, through Tests/Interop/smtp_sink.py) on a free loopback
/// port, for as long as the value lives: it keeps what it accepts, parsed by Python's email
/// package, in a scratch folder. Python with aiosmtpd is `CASHLESS_TEST_PYTHON` (scripts/test
/// makes a virtual environment), else a `python3` that has it.
final class SMTPSink: @unchecked Sendable {
    let port: Int
    let folder: ScratchDirectory
    private let process = Process()
    private let input = Pipe()

    /// What the server parsed of one message it accepted.
    struct Message {
        var summary: [String: Any]
        var raw: Data
        /// The attachments' contents, by file name.
        var files: [String: String]
        var subject: String { summary["subject"] as? String ?? "" }
        var text: String { summary["text"] as? String ?? "" }
        var attachments: [[String: Any]] { summary["attachments"] as? [[String: Any]] ?? [] }
    }

    /// The Python that has aiosmtpd; nil when there is none.
    static let python: String? = {
        let environment = ProcessInfo.processInfo.environment
        for candidate in [environment["CASHLESS_TEST_PYTHON"], "python3"].compactMap({ $0 }) where !candidate.isEmpty {
            if let run = try? ReadBack.run(candidate, ["-c", "import aiosmtpd"]), run.status == 0 { return candidate }
        }
        return nil
    }()

    /// Whether the SMTP tests run: with aiosmtpd, or in CI (where its absence fails them, saying why).
    static var enabled: Bool { python != nil || ProcessInfo.processInfo.environment["CI"] == "true" }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Interop/smtp_sink.py").path

    /// Starts the server: the first `defer` messages get 451, every message 550 with `refuse`;
    /// STARTTLS required with `tls` (certificate, key); AUTH required with `auth` (`user:password`).
    init(defer deferred: Int = 0, refuse: Bool = false, tls: (certificate: String, key: String)? = nil, auth: String? = nil) throws {
        guard let python = Self.python else {
            throw ToolFailure(
                command: "python -m aiosmtpd",
                reason:
                    "no Python with aiosmtpd (PyPI) to receive the emails: set CASHLESS_TEST_PYTHON to one (scripts/test makes a virtual environment with it)"
            )
        }
        folder = try ScratchDirectory()
        var arguments = [Self.script, folder.url.path, "--defer", "\(deferred)"]
        if refuse { arguments.append("--refuse") }
        if let tls { arguments += ["--tls", tls.certificate, tls.key] }
        if let auth { arguments += ["--auth", auth] }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = input
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        // The first line says it listens (a blocking read: the script prints it at once, or exits).
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        guard line.hasPrefix("READY "), let port = Int(line.dropFirst(6).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw ToolFailure(command: "smtp_sink.py", reason: "did not start: '\(line)'")
        }
        self.port = port
    }

    deinit {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// The replies it gave to DATA, in order (`451`, `550`, `250`), with their times.
    var attempts: [(time: Double, reply: String)] {
        guard let text = try? String(contentsOf: folder.url.appendingPathComponent("attempts.log"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map { line in
            let words = line.split(separator: " ")
            return (Double(words[0]) ?? 0, String(words[1]))
        }
    }

    /// The messages it accepted, in order.
    var messages: [Message] {
        var found: [Message] = []
        var number = 1
        while let data = FileManager.default.contents(atPath: folder.url.appendingPathComponent("\(number).json").path),
            let summary = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        {
            let raw = FileManager.default.contents(atPath: folder.url.appendingPathComponent("\(number).eml").path) ?? Data()
            var files: [String: String] = [:]
            for attachment in summary["attachments"] as? [[String: Any]] ?? [] {
                if let name = attachment["filename"] as? String, let file = attachment["file"] as? String {
                    files[name] = folder.url.appendingPathComponent(file).path
                }
            }
            found.append(Message(summary: summary, raw: raw, files: files))
            number += 1
        }
        return found
    }
}

/// Waits until `condition` holds, checking every tenth of a second, for at most `seconds`;
/// whether it held.
func eventually(within seconds: Double = 30, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(100))
    }
    return try await condition()
}
