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

    /// The Python that has aiosmtpd: `CASHLESS_TEST_PYTHON` when it is set (then required: one
    /// that cannot import aiosmtpd is a failure, never a reason to skip), else a `python3` that
    /// has it; nil when neither is there.
    static let python: Result<String, ToolFailure>? = {
        let environment = ProcessInfo.processInfo.environment
        if let required = environment["CASHLESS_TEST_PYTHON"], !required.isEmpty {
            let run = try? ReadBack.run(required, ["-c", "import aiosmtpd"])
            guard let run, run.status == 0 else {
                return .failure(
                    ToolFailure(
                        command: "\(required) -c 'import aiosmtpd'",
                        reason: "CASHLESS_TEST_PYTHON is set but cannot import aiosmtpd: \(run?.errors ?? "it does not run")"
                    )
                )
            }
            return .success(required)
        }
        if let run = try? ReadBack.run("python3", ["-c", "import aiosmtpd"]), run.status == 0 { return .success("python3") }
        return nil
    }()

    /// Whether the SMTP tests run: with aiosmtpd, whenever `CASHLESS_TEST_PYTHON` is set, or in
    /// CI (where a missing aiosmtpd fails them, saying why).
    static var enabled: Bool { python != nil || ProcessInfo.processInfo.environment["CI"] == "true" }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Interop/smtp_sink.py").path

    /// How long the server may take to say it listens.
    static let startTimeout: Double = 30

    /// Starts the server: the first `defer` messages get 451, every message 550 with `refuse`;
    /// each DATA answered after `delay` seconds; STARTTLS required with `tls` (certificate, key);
    /// AUTH required with `auth` (`user:password`). Throws, with what the script wrote to its
    /// standard error, when it does not say it listens within ``startTimeout``.
    init(
        defer deferred: Int = 0,
        refuse: Bool = false,
        delay: Double = 0,
        tls: (certificate: String, key: String)? = nil,
        auth: String? = nil
    ) throws {
        let python: String
        switch Self.python {
        case .success(let found): python = found
        case .failure(let failure): throw failure
        case nil:
            throw ToolFailure(
                command: "python -m aiosmtpd",
                reason:
                    "no Python with aiosmtpd (PyPI) to receive the emails: set CASHLESS_TEST_PYTHON to one (scripts/test makes a virtual environment with it)"
            )
        }
        folder = try ScratchDirectory()
        var arguments = [Self.script, folder.url.path, "--defer", "\(deferred)", "--delay", "\(delay)"]
        if refuse { arguments.append("--refuse") }
        if let tls { arguments += ["--tls", tls.certificate, tls.key] }
        if let auth { arguments += ["--auth", auth] }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = input
        let errors = folder.url.appendingPathComponent("stderr.log")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        // The first line says it listens; read on a thread of its own, so a script that hangs
        // fails the test after the timeout instead of holding it.
        let first = FirstLine()
        let reader = output.fileHandleForReading
        Thread.detachNewThread {
            first.set(String(decoding: reader.availableData, as: UTF8.self))
        }
        let line = first.wait(seconds: Self.startTimeout)
        guard let line, line.hasPrefix("READY "), let port = Int(line.dropFirst(6).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            let said = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw ToolFailure(
                command: "smtp_sink.py",
                reason: "did not start within \(Int(Self.startTimeout)) s (it said '\(line ?? "")'); its standard error: \(said)"
            )
        }
        self.port = port
    }

    /// When each DATA reached the server (before it replied), as Unix times.
    var arrivals: [Double] {
        guard let text = try? String(contentsOf: folder.url.appendingPathComponent("arrived.log"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { Double($0) }
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

/// The first thing a process wrote, handed from the thread that reads it to the one that waits.
private final class FirstLine: @unchecked Sendable {
    private let condition = NSCondition()
    private var line: String?

    func set(_ text: String) {
        condition.lock()
        line = text
        condition.broadcast()
        condition.unlock()
    }

    /// The line, or nil after `seconds`.
    func wait(seconds: Double) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        condition.lock()
        defer { condition.unlock() }
        while line == nil, condition.wait(until: deadline) {}
        return line
    }
}
