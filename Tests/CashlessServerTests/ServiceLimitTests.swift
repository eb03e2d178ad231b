import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QRCode
import Testing

@testable import CashlessServer
@testable import Operations

/// The doors anyone can reach are bounded: a slow client is cut off, the connections one
/// process holds are capped, the public routes and sign-in are rate-limited per client address
/// (and sign-in per username), and a photo is judged by its header before anything decodes it.
@Suite("Bounded doors: timeouts, the connection cap, rate limits, photos")
struct ServiceLimitTests {
    static func limits(_ change: (inout ServiceLimits) -> Void) -> ServiceLimits {
        var limits = ServiceLimits()
        change(&limits)
        return limits
    }

    @Test("a client that never finishes its headers, or its body, is cut off after the read timeout")
    func slowClients() async throws {
        // The idle timeout is far longer than the patience of the reads below: only the read timeout can close these.
        let limits = Self.limits {
            $0.readTimeout = 1
            $0.idleTimeout = 300
        }
        try await Harness.run(on: .sqlite, testing: .live, limits: limits) { app in
            let port = try #require(app.client.port)
            let headers = try RawConnection(port: port)
            try headers.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            #expect(headers.readUntilClosed() != nil, "the server should close a connection whose headers never end")

            let body = try RawConnection(port: port)
            try body.send("POST /v1/verify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"code\":")
            #expect(body.readUntilClosed() != nil, "the server should close a connection whose body never ends")
        }
    }

    @Test("past the connection cap a new connection waits until one closes, then is answered")
    func connectionCap() async throws {
        let server = try ServerProcess(database: "sqlite:cashless.sqlite", environment: ["CASHLESS_MAX_CONNECTIONS": "1"])
        defer { server.stop() }
        try await server.waitUntilHealthy()
        let holder = try RawConnection(port: server.port)
        try holder.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        #expect(holder.readSome()?.hasPrefix("HTTP/1.1 200") == true)
        // The first connection is open and idle: the second is held in the backlog, unanswered.
        let waiting = try RawConnection(port: server.port, patience: 1)
        try waiting.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        #expect(waiting.readSome() == nil, "a second connection was served past a cap of one")
        holder.close()
        waiting.patience(20)
        #expect(waiting.readSome()?.hasPrefix("HTTP/1.1 200") == true)
    }

    @Test("the public routes answer 429 with Retry-After past their rate: JSON on /v1, a page in Vietnamese on /verify and a payer's link")
    func publicRate() async throws {
        try await Harness.run(on: .sqlite, limits: Self.limits { $0.publicPerMinute = 2 }) { app in
            let decode = #"{"payload": "000201"}"#
            for _ in 0..<2 { #expect(try await app.call(.post, "/v1/qr/decode", headers: [:], json: decode).status != .tooManyRequests) }
            // The same route written with empty segments is the same door.
            let refused = try await app.call(.post, "//v1/qr/decode/", headers: [:], json: decode)
            #expect(refused.status == .tooManyRequests)
            #expect(Int(refused.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect(refused.headers[.contentType] == "application/problem+json")
            let page = try await app.call(.get, "/verify", headers: [:])
            #expect(page.status == .tooManyRequests)
            #expect(page.text.contains("Có quá nhiều yêu cầu từ địa chỉ này"))
            #expect(page.headers[.retryAfter] != nil)
            // A payer's link is a public door too: guessing links is slowed down like the rest.
            let link = try await app.call(.get, "/p/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", headers: [:])
            #expect(link.status == .tooManyRequests && link.text.contains("Có quá nhiều yêu cầu từ địa chỉ này"))
            // The routes of signed-in work and keys are not counted.
            #expect(try await app.call(.get, "/v1/communes").status == .ok)
        }
    }

    @Test("sign-in is limited per username from anywhere, before the password is checked")
    func signInPerUser() async throws {
        try await Harness.run(on: .sqlite, limits: Self.limits { $0.signInPerUserPerMinute = 1 }) { app in
            try await app.user("thu.quy", role: .admin, scope: nil)
            var browser = Browser(app: app)
            #expect(try await browser.signIn("thu.quy", "sai").status == .unauthorized)
            // The second try of one username within the minute is refused, even with the right password.
            let refused = try await browser.signIn("thu.quy", "mật-khẩu-dài-2026")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.text.contains("Có quá nhiều yêu cầu"))
            #expect(Int(refused.headers[.retryAfter] ?? "") ?? 0 >= 1)
            // Another username from the same address is still checked.
            #expect(try await browser.signIn("ke.toan", "sai").status == .unauthorized)
        }
    }

    @Test("sign-in is limited per client address, whatever the username")
    func signInPerAddress() async throws {
        try await Harness.run(on: .sqlite, limits: Self.limits { $0.signInPerMinute = 1 }) { app in
            var browser = Browser(app: app)
            #expect(try await browser.signIn("thu.quy", "sai").status == .unauthorized)
            let refused = try await browser.signIn("ke.toan", "sai")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.headers[.retryAfter] != nil)
        }
    }

    @Test("a photo past 5 MB is 413, one declaring more than 20 megapixels or not a picture is 422, each saying why")
    func photoBounds() async throws {
        try await Harness.run(on: .sqlite) { app in
            var browser = Browser(app: app)
            let large = [UInt8](repeating: 0xFF, count: BodyLimit.photo.rawValue + 1)
            let tooLarge = try await browser.upload("/verify", csrf: nil, bytes: large, field: "photo", name: "a.jpg", type: "image/jpeg")
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.text.contains("Ảnh lớn hơn 5 MB"))

            // A PNG that declares 10,000 × 10,000 pixels in 33 bytes: refused from its header, never decoded.
            let bomb = PictureFiles.png(width: 10_000, height: 10_000)
            let huge = try await browser.upload("/verify", csrf: nil, bytes: bomb, field: "photo", name: "a.png", type: "image/png")
            #expect(huge.status == .unprocessableContent)
            #expect(huge.text.contains("10000×10000 điểm ảnh, lớn hơn 20 megapixel"))

            let text = try await browser.upload("/verify", csrf: nil, bytes: Array("BL1:…".utf8), field: "photo", name: "a.png", type: "image/png")
            #expect(text.status == .unprocessableContent)
            #expect(text.text.contains("Ảnh phải là JPEG hoặc PNG"))

            // A real picture of a code within the bounds is still read.
            let png = try QRMatrix(encoding: "https://example.vn").png(scale: 6)
            let read = try await browser.upload("/verify", csrf: nil, bytes: png, field: "photo", name: "b.png", type: "image/png")
            #expect(read.text.contains("không phải mã biên lai"))
        }
    }

    @Test("expensive work past its threads and queue is refused at once (503 with Retry-After), and taken again once it drains")
    func busy() async throws {
        let work = ExpensiveWork(threads: 1, queue: 1)
        let gate = Gate()
        let running = Task { try await work.run { gate.wait() } }
        let waiting = Task { try await work.run { 1 } }
        while work.load < 2 { await Task.yield() }
        await #expect(throws: ExpensiveWork.Busy.self) { try await work.run { 2 } }
        gate.open()
        try await running.value
        #expect(try await waiting.value == 1)
        #expect(try await work.run { 3 } == 3)
        let problem = ExpensiveWork.Busy().problem
        #expect(problem.status == .serviceUnavailable && problem.retryAfter == 2)
    }

    @Test("an IPv6 client is limited by its /64 network; IPv4 (and IPv4 mapped into IPv6) by its address")
    func networks() {
        #expect(RateLimitMiddleware.network(of: "2001:db8:1:2:a::1") == "2001:db8:1:2::/64")
        #expect(RateLimitMiddleware.network(of: "2001:db8:1:2:ffff:ffff:ffff:fffe") == "2001:db8:1:2::/64")
        #expect(RateLimitMiddleware.network(of: "2001:db8::1") == "2001:db8:0:0::/64")
        #expect(RateLimitMiddleware.network(of: "::1") == "0:0:0:0::/64")
        #expect(RateLimitMiddleware.network(of: "203.0.113.7") == "203.0.113.7")
        #expect(RateLimitMiddleware.network(of: "::ffff:203.0.113.7") == "::ffff:203.0.113.7")
    }

    @Test("token buckets: a burst of the rate, then one call per refill; unheard keys are forgotten past the cap")
    func buckets() {
        var buckets = TokenBuckets(perMinute: 60, keys: 2)
        for _ in 0..<60 { #expect(buckets.take("a", now: 0) == nil) }
        #expect(buckets.take("a", now: 0) == 1)
        #expect(buckets.take("a", now: 0.5) == 1)
        #expect(buckets.take("a", now: 1.01) == nil)
        #expect(buckets.take("b", now: 2) == nil)
        // A third key: "b" has not refilled, "a" neither; the oldest half goes.
        #expect(buckets.take("c", now: 2) == nil)
        #expect(buckets.count <= 2)
        // Much later every bucket is full again: forgotten, and new keys start with a whole burst.
        #expect(buckets.take("d", now: 1000) == nil)
        #expect(buckets.count <= 2)
    }
}

/// A door that test work waits at until the test opens it.
final class Gate: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    func wait() { semaphore.wait() }
    func open() { semaphore.signal() }
}

/// Files that claim to be pictures.
enum PictureFiles {
    /// A PNG's signature and IHDR chunk declaring `width` × `height` (no pixel data).
    static func png(width: UInt32, height: UInt32) -> [UInt8] {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        for value in [width, height] { bytes += withUnsafeBytes(of: value.bigEndian, Array.init) }
        return bytes + [1, 0, 0, 0, 0, 0, 0, 0, 0]
    }
}
