import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ReadBack
import Testing

/// PostgreSQL itself crashes (`pg_ctl stop -m immediate`: no checkpoint, recovery from the WAL at
/// the next start) and comes back while a server takes receipts: a request in flight is answered
/// 503 with `Retry-After` or waits for the pool to connect again (never a 500, never left
/// hanging), a retry with its idempotency key
/// succeeds once the database is back, nothing acknowledged is lost and numbers stay gapless.
/// While the database stays down, each request is answered 503 within the pool's wait. On a
/// cluster of the test's own (the shared one serves the other tests meanwhile).
@Suite("A PostgreSQL crash and restart under load")
struct DatabaseRestartTests {
    static let binaries = ProcessInfo.processInfo.environment["CASHLESS_TEST_POSTGRES_BIN"]

    @Test(
        "receipts issued while PostgreSQL crashes and restarts are all there, gapless, with 503s and no 500",
        .enabled(if: binaries != nil, "needs CASHLESS_TEST_POSTGRES_BIN (scripts/with-postgres)"),
        // A request left waiting for ever (as one was, on a statement written to a connection
        // PostgreSQL had just closed) fails the test instead of stopping the run.
        .timeLimit(.minutes(3))
    )
    func restart() async throws {
        let postgres = try PrivatePostgres(binaries: try #require(Self.binaries))
        defer { postgres.remove() }
        try postgres.start()
        let data = try ScratchDirectory()
        // A request waits at most a second for a connection.
        let fleet = try Fleet(url: postgres.url + "?pool_wait=1", data: data.url, count: 1)
        defer { fleet.stopAll() }
        try await fleet.waitUntilHealthy()
        let secret = try #require(fleet.stdout.firstMatch(of: /Authorization: Bearer (csk_\S+)/)?.1)
        let json: HTTPFields = [.authorization: "Bearer \(secret)", .contentType: "application/json"]
        let commune = try await fleet.send(.post, "/v1/communes", json, #"{"name": "Phường Điện Biên", "province": "Thanh Hóa"}"#).int("id")
        let school = try await fleet.send(.post, "/v1/units", json, #"{"kind": "school", "name": "Trường THCS Điện Biên", "communeId": \#(commune)}"#)
            .int("id")
        let keys = try ReadBack.run(
            ServerProcess.executable.path,
            ["keys", "generate", "--unit", "\(school)"],
            environment: [
                "CASHLESS_DATABASE_URL": postgres.url, "CASHLESS_DATA_DIR": data.url.path,
                "CASHLESS_CONFIG_DIR": ServerProcess.configDirectory.path,
            ]
        )
        #expect(keys.status == 0, "\(keys.text)\(keys.errors)")

        // Receipts from 8 clients; PostgreSQL crashes once 16 are acknowledged and starts again.
        let restarting = Flag(true)
        let issued = Tally()
        let acknowledged = try await withThrowingTaskGroup(of: [String: Int64].self) { group in
            for client in 0..<8 {
                group.addTask { try await fleet.cashReceipts(unit: school, keys: "restart-\(client)", json, while: restarting, tally: issued) }
            }
            group.addTask {
                try await issued.wait(until: 16)
                try postgres.crash()
                try postgres.start()
                restarting.value = false
                return [:]
            }
            return try await group.reduce(into: [String: Int64]()) { $0.merge($1) { first, _ in first } }
        }

        // Down for longer than the pool waits: answered 503 with Retry-After, not left hanging.
        try postgres.crash()
        let down = try await fleet.server(0).request(.get, "/v1/units/\(school)/receipts", headers: json)
        #expect(down.status == .serviceUnavailable)
        #expect(down.headers[.retryAfter] != nil)
        try postgres.start()

        var numbers: [Int64] = []
        var after: String?
        repeat {
            let page = try await fleet.send(.get, "/v1/units/\(school)/receipts?limit=500" + (after.map { "&after=\($0)" } ?? ""), json, nil)
            numbers += page.objects("items").map { $0.int("number") }
            after = page.string("nextCursor")
        } while after != nil
        #expect(fleet.serverErrors == 0, "answers of 500 or more (but 503 with Retry-After) while PostgreSQL was down")
        #expect(numbers.sorted() == Array(1...Int64(numbers.count)))
        #expect(Set(acknowledged.values) == Set(numbers), "an acknowledged receipt is missing, or one no one was told of is there")
    }
}

/// A PostgreSQL cluster of one test's own, in a temporary folder, on a free loopback port: as
/// `scripts/with-postgres` makes one (as root, the server runs as the `postgres` user).
final class PrivatePostgres: Sendable {
    let url: String
    private let binaries: String
    private let folder: URL
    private let port: Int
    private let asOwner: [String]

    init(binaries: String) throws {
        self.binaries = binaries
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("cashless-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        port = try ServerProcess.freePort()
        // setpriv runs the command in its own process (runuser forks, and a test process on Linux
        // could miss its end and wait for ever).
        asOwner = getuid() == 0 ? ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"] : []
        let password = UUID().uuidString
        url = "postgres://cashless:\(password)@127.0.0.1:\(port)/postgres"
        let passwordFile = folder.appendingPathComponent("password").path
        guard FileManager.default.createFile(atPath: passwordFile, contents: Data(password.utf8)) else {
            throw ToolFailure(command: "initdb", reason: "cannot write \(passwordFile)")
        }
        if getuid() == 0 { _ = try ReadBack.run("chown", ["-R", "postgres", folder.path]) }
        try command(
            "initdb",
            ["--pgdata=\(folder.path)/data", "--username=cashless", "--pwfile=\(passwordFile)", "--auth=scram-sha-256", "--encoding=UTF8"]
        )
    }

    /// Starts the server and waits until it takes connections.
    func start() throws {
        let options = "-c listen_addresses=127.0.0.1 -c port=\(port) -c unix_socket_directories='\(folder.path)' -c fsync=off"
        try command("pg_ctl", ["start", "--pgdata=\(folder.path)/data", "--log=\(folder.path)/server.log", "--wait", "--silent", "-o", options])
    }

    /// Stops the server as a crash would: at once, without a checkpoint (the next start recovers from the WAL).
    func crash() throws {
        try command("pg_ctl", ["stop", "--pgdata=\(folder.path)/data", "--mode=immediate", "--silent"])
    }

    func remove() {
        try? crash()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs one of PostgreSQL's programs (as its owner), its output to a file. Foundation's
    /// `Process` learns that a child ended when a socket the child inherits closes, so the server
    /// `pg_ctl` starts must not inherit it: bash closes every descriptor past 2 first.
    private func command(_ name: String, _ arguments: [String]) throws {
        let output = folder.appendingPathComponent("\(name).out").path
        let line = (["\(binaries)/\(name)"] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let closeInherited = #"for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done 2>/dev/null; "#
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = asOwner + ["bash", "-c", closeInherited + "\(line) >'\(output)' 2>&1 </dev/null"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolFailure(command: name, reason: (try? String(contentsOfFile: output, encoding: .utf8)) ?? "exit \(process.terminationStatus)")
        }
    }
}
