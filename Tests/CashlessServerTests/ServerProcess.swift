import Foundation
import Hummingbird
import HummingbirdTesting

#if canImport(Glibc)
import Glibc
#endif

/// A real `cashless serve` process (the executable SwiftPM built beside the tests) on a free
/// loopback port, with its settings from the environment; stopped with SIGTERM.
final class ServerProcess: @unchecked Sendable {
    let port: Int
    private let process = Process()
    private let folder: URL
    private let output = LockedText()

    /// The built `cashless`, found next to the test bundle as the command-line tests find it.
    static let executable: URL = {
        if let path = ProcessInfo.processInfo.environment["CASHLESS_BIN"] { return URL(fileURLWithPath: path) }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("cashless").path), folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("cashless")
    }()

    static let configDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Config")

    /// Starts `cashless serve` on `database` (a `postgres://` or `sqlite:` URL), with its data
    /// (private keys) in `dataDirectory`, which servers may share, or in a folder of its own, on
    /// `port` (a free one by default), and `environment`'s variables over the rest.
    init(database: String, dataDirectory: URL? = nil, port: Int? = nil, environment: [String: String] = [:]) throws {
        self.port = try port ?? Self.freePort()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("cashless-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let data = dataDirectory ?? folder
        process.executableURL = Self.executable
        process.arguments = ["serve"]
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(
            [
                "CASHLESS_DATABASE_URL": database, "CASHLESS_HOST": "127.0.0.1", "CASHLESS_PORT": "\(self.port)",
                "CASHLESS_DATA_DIR": data.path, "CASHLESS_CONFIG_DIR": Self.configDirectory.path, "LOG_LEVEL": "warning",
            ].merging(environment) { $1 }
        ) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle(
            forWritingAtPath: { () -> String in
                let path = folder.appendingPathComponent("stderr.log").path
                FileManager.default.createFile(atPath: path, contents: nil)
                return path
            }()
        )
        let output = self.output
        out.fileHandleForReading.readabilityHandler = { handle in output.append(handle.availableData) }
        try process.run()
    }

    /// What the server printed on standard output so far.
    var stdout: String { output.text }

    /// What the server logged on standard error so far.
    var stderr: String { (try? String(contentsOf: folder.appendingPathComponent("stderr.log"), encoding: .utf8)) ?? "" }

    /// Waits until `/healthz` answers 200; throws when the process ends first or after a minute.
    func waitUntilHealthy() async throws {
        for _ in 0..<600 {
            guard process.isRunning else { throw Failure("cashless serve ended (\(process.terminationStatus)): \(stderr)") }
            if (try? await request(.get, "/healthz").status) == .ok { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure("cashless serve on port \(port) did not answer /healthz within a minute: \(stderr)")
    }

    /// One request on a new connection.
    func request(_ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], body: String? = nil) async throws -> TestClient.Response {
        let port = self.port
        return try await TestClient.withClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(120))) { client in
            try await client.execute(
                .init(
                    uri,
                    method: method,
                    authority: "127.0.0.1:\(port)",
                    headers: headers,
                    body: body.map { ByteBuffer(string: $0) }
                )
            )
        }
    }

    /// SIGKILL, as a crash or the kernel's OOM killer ends a process: no shutdown, no flush; then waits for it to end.
    func kill() {
        if process.isRunning {
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// SIGTERM, then waits for the process to end.
    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// A loopback port no one listens on now (the kernel's choice for port 0).
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure("socket: \(errno)") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw Failure("bind: \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

extension TestClient.Response {
    /// The body as a JSON object.
    func json() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(buffer: body ?? ByteBuffer()))
        guard let dictionary = object as? [String: Any] else { throw CocoaError(.propertyListReadCorrupt) }
        return dictionary
    }
}

/// Text appended from another thread.
private final class LockedText: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func append(_ more: Data) { lock.withLock { data.append(more) } }
    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}
