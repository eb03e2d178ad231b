import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

/// Sends emails to the mail server of ``SMTPSettings`` over SwiftNIO: EHLO, STARTTLS when
/// offered (or required), AUTH PLAIN or LOGIN when a user is set, MAIL, RCPT, DATA with
/// dot-stuffing, QUIT. Every step (each write, each reply) has the settings' timeout, and the
/// whole conversation ``SMTPSettings/deadline``: past either the connection is closed. One
/// connection per message.
public struct SMTPClient: Sendable {
    public let settings: SMTPSettings

    public init(settings: SMTPSettings) {
        self.settings = settings
    }

    /// Sends `message` to its recipients, from the settings' sender. Throws ``SMTPError``: a 5xx
    /// refusal is permanent, everything else may pass on a later try.
    public func send(_ message: MailMessage) async throws(SMTPError) {
        let session = try await SMTPSession.open(settings)
        let deadline = session.startDeadline(settings.deadline)
        defer { deadline.cancel() }
        do {
            try await session.converse(message, settings: settings)
            await session.close()
        } catch {
            await session.close()
            throw error
        }
    }
}

/// One connection to the mail server, read one reply at a time.
private final class SMTPSession {
    private var channel: any Channel
    private var replies: AsyncThrowingStream<SMTPReply, any Error>.AsyncIterator
    private let timeout: TimeAmount
    private let timedOut = Flag()
    private var secure: Bool
    /// What the pipeline has read and not handed on yet, kept on the channel's event loop.
    private let inbound: SMTPInbound
    /// Replies read so far.
    private var consumed = 0

    private init(
        channel: any Channel,
        replies: AsyncThrowingStream<SMTPReply, any Error>,
        timeout: TimeAmount,
        secure: Bool,
        inbound: SMTPInbound
    ) {
        self.channel = channel
        self.replies = replies.makeAsyncIterator()
        self.timeout = timeout
        self.secure = secure
        self.inbound = inbound
    }

    /// Closes the connection once `deadline` has passed, whatever step it is at.
    func startDeadline(_ deadline: Duration) -> Scheduled<Void> {
        closing(after: .nanoseconds(Int64(deadline.components.seconds) * 1_000_000_000))
    }

    /// Closes the connection after `delay`, noting that it timed out (cancel it when the step is done).
    private func closing(after delay: TimeAmount) -> Scheduled<Void> {
        let timedOut = self.timedOut
        let channel = self.channel
        return channel.eventLoop.scheduleTask(in: delay) {
            timedOut.set()
            channel.close(promise: nil)
        }
    }

    static func open(_ settings: SMTPSettings) async throws(SMTPError) -> SMTPSession {
        let timeout = TimeAmount.nanoseconds(Int64(settings.timeout.components.seconds) * 1_000_000_000)
        let (stream, continuation) = AsyncThrowingStream<SMTPReply, any Error>.makeStream()
        let inbound = SMTPInbound()
        let context = settings.security == .implicit ? try tlsContext(settings) : nil
        let host = settings.host
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let context {
                        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: sniName(host)))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder(inbound)))
                    try channel.pipeline.syncOperations.addHandler(SMTPReplyHandler(continuation, inbound: inbound))
                }
            }
        do {
            let channel = try await bootstrap.connect(host: settings.host, port: settings.port).get()
            return SMTPSession(channel: channel, replies: stream, timeout: timeout, secure: context != nil, inbound: inbound)
        } catch let error as SMTPError {
            throw error
        } catch {
            throw .unreachable("\(settings.host):\(settings.port): \(error)")
        }
    }

    /// The whole conversation for one message.
    func converse(_ message: MailMessage, settings: SMTPSettings) async throws(SMTPError) {
        try expect(try await read(step: "greeting"), "greeting")
        var capabilities = try await hello(settings)
        if !secure {
            if capabilities.contains("STARTTLS") {
                try await command("STARTTLS", step: "STARTTLS")
                let context = try Self.tlsContext(settings)
                do {
                    // The handler is made and added on the channel's event loop: it may not cross threads.
                    // Whatever the server sent after its 220 and before TLS (a reply already read, or
                    // part of one) would be taken for a reply over TLS: that is an injection
                    // (CVE-2011-0411), and the connection is dropped.
                    let name = Self.sniName(settings.host)
                    let channel = self.channel
                    let inbound = self.inbound
                    let consumed = self.consumed
                    try await channel.eventLoop.submit {
                        guard !inbound.holdsMore(than: consumed) else { throw SMTPError.tls(Self.injected) }
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: name), position: .first)
                    }.get()
                } catch let error as SMTPError {
                    throw error
                } catch {
                    // The connection closed by the step's timeout (the server never answered in time) is a timeout.
                    throw timedOut.value ? .timedOut(step: "STARTTLS") : .tls("\(error)")
                }
                secure = true
                capabilities = try await hello(settings)
            } else if settings.security == .require {
                throw .unsupported(
                    "the server does not offer STARTTLS (it offers \(capabilities.sorted().joined(separator: ", "))), and the settings say tls=require"
                )
            }
        }
        if let username = settings.username {
            guard secure else {
                throw .unsupported("the server offers no TLS: the password is not sent in the clear (STARTTLS missing)")
            }
            try await authenticate(username, settings.password ?? "", capabilities: capabilities)
        }
        try await command("MAIL FROM:<\(settings.from)>", step: "MAIL FROM")
        for recipient in message.to {
            try await command("RCPT TO:<\(recipient.address)>", step: "RCPT TO")
        }
        try await command("DATA", step: "DATA", accepting: 354)
        var data = MailMessage.dotStuffed(message.rendered())
        data.append(contentsOf: Array(".\r\n".utf8))
        try await write(data)
        try expect(try await read(step: "end of DATA"), "end of DATA")
        // The message is taken: a QUIT that fails changes nothing.
        try? await write(Data("QUIT\r\n".utf8))
        _ = try? await read(step: "QUIT")
    }

    /// EHLO (HELO when refused): the extensions the server offers, upper-cased.
    private func hello(_ settings: SMTPSettings) async throws(SMTPError) -> Set<String> {
        try await write(Data("EHLO \(settings.helo)\r\n".utf8))
        let reply = try await read(step: "EHLO")
        if reply.code / 100 == 5 {
            try await command("HELO \(settings.helo)", step: "HELO")
            return []
        }
        try expect(reply, "EHLO")
        var capabilities: Set<String> = []
        for line in reply.lines.dropFirst() {
            let words = line.uppercased().split(separator: " ")
            guard let keyword = words.first else { continue }
            capabilities.insert(String(keyword))
            if keyword == "AUTH" { for mechanism in words.dropFirst() { capabilities.insert("AUTH=" + mechanism) } }
        }
        return capabilities
    }

    private func authenticate(_ username: String, _ password: String, capabilities: Set<String>) async throws(SMTPError) {
        if capabilities.contains("AUTH=PLAIN") || !capabilities.contains("AUTH=LOGIN") {
            let token = Data(([0] + Array(username.utf8) + [0] + Array(password.utf8))).base64EncodedString()
            try await command("AUTH PLAIN \(token)", step: "AUTH PLAIN", accepting: 235)
        } else {
            try await command("AUTH LOGIN", step: "AUTH LOGIN", accepting: 334)
            try await command(Data(username.utf8).base64EncodedString(), step: "AUTH LOGIN (user)", accepting: 334)
            try await command(Data(password.utf8).base64EncodedString(), step: "AUTH LOGIN (password)", accepting: 235)
        }
    }

    @discardableResult
    private func command(_ line: String, step: String, accepting: Int? = nil) async throws(SMTPError) -> SMTPReply {
        try await write(Data((line + "\r\n").utf8))
        let reply = try await read(step: step)
        try expect(reply, step, accepting: accepting)
        return reply
    }

    /// A reply of class 2 (or exactly `accepting`); 5xx refuses for good, anything else for now.
    private func expect(_ reply: SMTPReply, _ step: String, accepting: Int? = nil) throws(SMTPError) {
        if let accepting, reply.code == accepting { return }
        if accepting == nil, reply.code / 100 == 2 { return }
        if reply.code / 100 == 5 { throw .refused(code: reply.code, reply: reply.text, step: step) }
        throw .deferred(code: reply.code, reply: reply.text, step: step)
    }

    /// Why a session ends when the server sent more than its 220 to STARTTLS before TLS began.
    static let injected =
        "the server sent more after its 220 to STARTTLS, before TLS began (STARTTLS response injection): the connection is dropped"

    /// Writes `data`, within the timeout (past it the connection is closed: a server that stops
    /// reading, or never finishes the TLS handshake, does not hold the sender).
    private func write(_ data: Data) async throws(SMTPError) {
        let timer = closing(after: timeout)
        defer { timer.cancel() }
        do {
            try await channel.writeAndFlush(ByteBuffer(bytes: data)).get()
        } catch {
            throw timedOut.value ? .timedOut(step: "write") : .unreachable("the connection was lost while writing: \(error)")
        }
    }

    /// The next reply, within the timeout (past it the connection is closed).
    private func read(step: String) async throws(SMTPError) -> SMTPReply {
        let timer = closing(after: timeout)
        defer { timer.cancel() }
        do {
            guard let reply = try await replies.next() else {
                throw timedOut.value ? SMTPError.timedOut(step: step) : SMTPError.unreachable("the server closed the connection at \(step)")
            }
            consumed += 1
            return reply
        } catch let error as SMTPError {
            throw timedOut.value ? .timedOut(step: step) : error
        } catch let error as NIOSSLError {
            throw .tls("\(error)")
        } catch let error as BoringSSLError {
            throw .tls("\(error)")
        } catch {
            throw timedOut.value ? .timedOut(step: step) : .unreachable("\(error)")
        }
    }

    func close() async {
        try? await channel.close().get()
    }

    /// TLS with the system's roots and the settings' `ca` file; certificates and host names verified.
    static func tlsContext(_ settings: SMTPSettings) throws(SMTPError) -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let file = settings.caFile { configuration.additionalTrustRoots = [.file(file)] }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw .tls("\(error)")
        }
    }

    /// The name TLS checks the certificate against: the host, unless it is an IP address (SNI
    /// carries no addresses; the certificate's chain is still verified).
    static func sniName(_ host: String) -> String? {
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1 { return nil }
        return host
    }
}

/// Set once, read from any thread.
private final class Flag: Sendable {
    private let state = Mutex(false)
    var value: Bool { state.withLock { $0 } }
    func set() { state.withLock { $0 = true } }
}
