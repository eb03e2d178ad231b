import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// What a newcomer does after `scripts/run --demo`: signs in with a printed name and password and
/// lands on that person's page; opens the printed payer's links.
@Suite("The demo a newcomer walks through")
struct DemoWalkthroughTests {
    /// A person as `cashless demo` prints them.
    struct Printed {
        var username, password, displayName, path: String
    }

    @Test(
        "every person the demo prints signs in to their own page on a real server; the payer's links open; a second run gives new passwords and adds nothing"
    )
    func walkthrough() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cashless-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = [
            "CASHLESS_DATA_DIR": folder.path, "CASHLESS_DATABASE_URL": "sqlite:cashless.sqlite",
            "CASHLESS_CONFIG_DIR": ServerProcess.configDirectory.path, "CASHLESS_PUBLIC_URL": "http://demo.example.vn",
        ]
        let first = try Self.demo(environment)
        #expect(first.contains("Demo loaded: Thanh Hóa, 5 communes"), "\(first)")
        let people = try Self.people(first)
        #expect(people.map(\.username) == ["cho.dienbien", "thuquy.dienbien", "canbo.dienbien", "so.thanhhoa"], "one person per role")
        let second = try Self.demo(environment)
        #expect(second.contains("already loaded: nothing added"))
        let again = try Self.people(second)
        #expect(again.map(\.username) == people.map(\.username))
        #expect(zip(again, people).allSatisfy { $0.password != $1.password }, "each run gives new passwords")
        let links = second.matches(of: /http:\/\/demo\.example\.vn(\/p\/[A-Za-z0-9_-]{32})/).map { String($0.1) }
        #expect(links.count == 2, "an unpaid and a paid bill's link")

        let server = try ServerProcess(database: "sqlite:cashless.sqlite", dataDirectory: folder)
        defer { server.stop() }
        try await server.waitUntilHealthy()
        for person in again {
            let login = try await server.request(.get, "/login")
            let csrf = try #require(String(buffer: login.body ?? ByteBuffer()).firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1)
            var cookies = Self.cookies(login.headers)
            let form = ["_csrf": String(csrf), "username": person.username, "password": person.password]
                .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }.joined(separator: "&")
            let signedIn = try await server.request(
                .post,
                "/login",
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookies],
                body: form
            )
            #expect(signedIn.status == .seeOther, "\(person.username) signs in")
            cookies = Self.cookies(signedIn.headers)
            let home = try await server.request(.get, "/", headers: [.cookie: cookies])
            #expect(home.headers[.location] == person.path, "\(person.username) lands on \(person.path)")
            let page = try await server.request(.get, person.path, headers: [.cookie: cookies])
            #expect(page.status == .ok)
            #expect(String(buffer: page.body ?? ByteBuffer()).contains(person.displayName), "\(person.path) greets \(person.displayName)")
        }
        let unpaid = String(buffer: try await server.request(.get, links[0]).body ?? ByteBuffer())
        #expect(unpaid.contains("Cách 1: quét mã QR"))
        let paid = String(buffer: try await server.request(.get, links[1]).body ?? ByteBuffer())
        #expect(paid.contains("Biên lai điện tử"))
    }

    /// Runs `cashless demo`; what it printed.
    static func demo(_ environment: [String: String]) throws -> String {
        let process = Process()
        process.executableURL = ServerProcess.executable
        process.arguments = ["demo"]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return text
    }

    /// The people a demo run printed.
    static func people(_ text: String) throws -> [Printed] {
        text.matches(of: /\n  ([a-z.]+) +([a-z0-9-]{19})  [a-z ]+: ([^,]+), .+ → http:\/\/demo\.example\.vn(\S+)/).map { match in
            Printed(username: String(match.1), password: String(match.2), displayName: String(match.3), path: String(match.4))
        }
    }

    /// The cookies an answer sets, as a `Cookie` header.
    static func cookies(_ headers: HTTPFields) -> String {
        headers[values: .setCookie].map { $0.split(separator: ";")[0] }.joined(separator: "; ")
    }
}
