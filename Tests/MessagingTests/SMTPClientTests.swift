import Foundation
import Messaging
import NIOCore
import NIOPosix
import Testing

/// A mail server that follows a script, on a loopback port: it greets with `greeting`, then
/// answers each line it reads with what `script` gives (nothing: it stays silent, as a server
/// that stalls does). Whatever happens, it hangs up after `hangUp`.
final class ScriptedServer: Sendable {
    let channel: any Channel
    var port: Int { channel.localAddress?.port ?? 0 }

    private init(channel: any Channel) {
        self.channel = channel
    }

    static func start(
        greeting: String = "220 test ESMTP\r\n",
        hangUp: TimeAmount = .seconds(20),
        _ script: @escaping @Sendable (String) -> String?
    ) async throws -> ScriptedServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(ScriptHandler(greeting: greeting, hangUp: hangUp, script: script))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return ScriptedServer(channel: channel)
    }

    func stop() async {
        try? await channel.close().get()
    }

    /// Settings for this server: plain SMTP, STARTTLS when offered, each step `timeout`.
    func settings(timeout: Duration = .seconds(1)) throws -> SMTPSettings {
        var settings = try SMTPSettings(url: "smtp://127.0.0.1:\(port)?from=thu@truong.edu.vn")
        settings.timeout = timeout
        return settings
    }
}

private final class ScriptHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let greeting: String
    let hangUp: TimeAmount
    let script: @Sendable (String) -> String?
    var pending = ByteBuffer()

    init(greeting: String, hangUp: TimeAmount, script: @escaping @Sendable (String) -> String?) {
        self.greeting = greeting
        self.hangUp = hangUp
        self.script = script
    }

    func channelActive(context: ChannelHandlerContext) {
        let channel = context.channel
        channel.eventLoop.scheduleTask(in: hangUp) { channel.close(promise: nil) }
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: greeting)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        pending.writeBuffer(&buffer)
        while true {
            let view = pending.readableBytesView
            guard let end = view.firstIndex(of: UInt8(ascii: "\n")) else { return }
            let line = pending.readString(length: view.distance(from: view.startIndex, to: end) + 1) ?? ""
            if let reply = script(line.trimmingCharacters(in: .whitespacesAndNewlines)) {
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: reply)), promise: nil)
            }
        }
    }
}

/// A one-line message to `binh.le@example.vn`.
private let message = MailMessage(
    from: MailAddress("thu@truong.edu.vn", name: "Trường Tiểu học Điện Biên"),
    to: [MailAddress("binh.le@example.vn", name: "Lê Văn Bình")],
    subject: "Biên lai điện tử",
    date: Date(timeIntervalSince1970: 1_788_573_600),
    messageID: "0c9f7d2e@truong.edu.vn",
    text: "Kính gửi Lê Văn Bình,\n",
    attachments: []
)

/// What `send` threw against `server`, and how long it took.
/// What sending to `server` ends with, and how long it took; each step may take `timeout` (long by
/// default: a test of a refusal must not meet a timeout on a machine busy with other tests).
private func failure(against server: ScriptedServer, timeout: Duration = .seconds(30)) async throws -> (SMTPError?, Double) {
    let settings = try server.settings(timeout: timeout)
    let start = Date()
    do {
        try await SMTPClient(settings: settings).send(message)
        return (nil, Date().timeIntervalSince(start))
    } catch {
        return (error, Date().timeIntervalSince(start))
    }
}

/// Offers STARTTLS and answers it with `afterStartTLS`; answers any other line with 250.
private func offeringSTARTTLS(_ afterStartTLS: String) -> @Sendable (String) -> String? {
    { line in
        switch line.uppercased() {
        case let command where command.hasPrefix("EHLO"): "250-test\r\n250 STARTTLS\r\n"
        case "STARTTLS": afterStartTLS
        default: nil
        }
    }
}

@Suite("The SMTP client against servers that misbehave")
struct SMTPClientTests {
    @Test("a server that answers 220 to STARTTLS and then never shakes hands: the client gives up after its step's timeout")
    func stalledAfterStartTLS() async throws {
        let server = try await ScriptedServer.start(offeringSTARTTLS("220 2.0.0 Ready to start TLS\r\n"))
        defer { Task { await server.stop() } }
        let (error, seconds) = try await failure(against: server, timeout: .seconds(1))
        #expect(seconds < 10, "the write blocked behind the handshake is bounded (the server hangs up after 20 s)")
        guard case .timedOut = error else {
            Issue.record("expected a timeout, got \(String(describing: error))")
            return
        }
        #expect(error?.isPermanent == false)
    }

    @Test(
        "STARTTLS response injection: more after the 220 to STARTTLS (a whole reply, or part of one) drops the connection",
        arguments: ["220 2.0.0 Ready\r\n250 2.1.0 injected\r\n", "220 2.0.0 Ready\r\n250-inj"]
    )
    func injectedAfterStartTLS(reply: String) async throws {
        let server = try await ScriptedServer.start(offeringSTARTTLS(reply))
        defer { Task { await server.stop() } }
        let (error, _) = try await failure(against: server)
        switch error {
        case .tls(let reason) where reason.contains("STARTTLS response injection"):
            break  // seen before TLS started: named
        case .tls:
            break  // bytes that came after the check reached the TLS handler, which failed the handshake
        case .unreachable(let reason) where reason.contains("closed channel"):
            break  // the same, seen at the next write: never read as a reply either
        default:
            Issue.record("expected the connection dropped, got \(String(describing: error))")
        }
    }

    @Test(
        "only a refusal of the recipient or of the message is permanent: a 5xx greeting, 530 at MAIL FROM are retried",
        arguments: [
            ("554 5.3.2 Service not available\r\n", "greeting", false),
            ("530 5.7.0 Must issue a STARTTLS command first\r\n", "MAIL FROM", false),
            ("550 5.1.1 No such mailbox\r\n", "RCPT TO", true),
        ]
    )
    func refusals(reply: String, step: String, permanent: Bool) async throws {
        let server = try await ScriptedServer.start(greeting: step == "greeting" ? reply : "220 test ESMTP\r\n") { line in
            let command = line.uppercased()
            if command.hasPrefix("EHLO") { return "250 test\r\n" }
            if command.hasPrefix(step) { return reply }
            if command.hasPrefix("QUIT") { return "221 bye\r\n" }
            return "250 OK\r\n"
        }
        defer { Task { await server.stop() } }
        let (error, _) = try await failure(against: server)
        guard case .refused(let code, _, let at) = error else {
            Issue.record("expected a refusal at \(step), got \(String(describing: error))")
            return
        }
        #expect(code == Int(reply.prefix(3)) && at == step)
        #expect(error?.isPermanent == permanent)
        #expect(error?.description.contains(permanent ? "refused for good" : "will retry") == true)
    }

    @Test("a wrong password (535) and 530 are retried; 550 at RCPT TO and 554 at the end of DATA are not")
    func permanence() {
        #expect(!SMTPError.refused(code: 535, reply: "5.7.8 Authentication failed", step: "AUTH PLAIN").isPermanent)
        #expect(!SMTPError.refused(code: 530, reply: "5.7.0 Must issue a STARTTLS command first", step: "MAIL FROM").isPermanent)
        #expect(!SMTPError.refused(code: 554, reply: "5.3.2 No service", step: "greeting").isPermanent)
        #expect(SMTPError.refused(code: 550, reply: "5.1.1 No such mailbox", step: "RCPT TO").isPermanent)
        #expect(SMTPError.refused(code: 554, reply: "5.7.1 Spam", step: "end of DATA").isPermanent)
    }

    @Test("a step may take at most 45 s: ten steps stay well within the ten-minute lease")
    func timeoutCapped() throws {
        #expect(throws: SMTPSettings.Invalid.self) { try SMTPSettings(url: "smtp://mail.example.vn?from=a@b.vn&timeout=600") }
        let longest = try SMTPSettings(url: "smtp://mail.example.vn?from=a@b.vn&timeout=45")
        #expect(longest.deadline * 12 / 10 <= .seconds(600))
    }
}
