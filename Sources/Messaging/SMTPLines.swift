import NIOCore

/// Splits what the server sends into lines (without their CR LF).
final class SMTPLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = String

    private let inbound: SMTPInbound

    init(_ inbound: SMTPInbound) {
        self.inbound = inbound
    }

    /// A reply line longer than this is not SMTP.
    static let maximumLine = 8192

    func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let end = view.firstIndex(of: UInt8(ascii: "\n")) else {
            inbound.leftover = buffer.readableBytes
            if buffer.readableBytes > Self.maximumLine { throw SMTPError.unreachable("the server sent a line longer than 8 KB") }
            return .needMoreData
        }
        var line = buffer.readString(length: view.distance(from: view.startIndex, to: end) + 1) ?? ""
        inbound.leftover = buffer.readableBytes
        // By scalars: "\r\n" is one Character.
        while let last = line.unicodeScalars.last, last == "\n" || last == "\r" { line.unicodeScalars.removeLast() }
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }

    func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}

/// One reply of the server: its code and the text of its lines.
struct SMTPReply: Sendable {
    var code: Int
    var lines: [String]

    /// The text of the last line, for messages.
    var text: String { lines.last ?? "" }
}

/// Gathers lines into replies (`250-…` continues, `250 …` ends) and hands them on in order.
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = String

    private let replies: AsyncThrowingStream<SMTPReply, any Error>.Continuation
    private let inbound: SMTPInbound
    private var lines: [String] = [] {
        didSet { inbound.partial = !lines.isEmpty }
    }

    init(_ replies: AsyncThrowingStream<SMTPReply, any Error>.Continuation, inbound: SMTPInbound) {
        self.replies = replies
        self.inbound = inbound
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = unwrapInboundIn(data)
        let digits = line.prefix(3)
        guard digits.count == 3, let code = Int(digits) else {
            replies.finish(throwing: SMTPError.deferred(code: 0, reply: String(line.prefix(200)), step: "reply"))
            context.close(promise: nil)
            return
        }
        let rest = line.dropFirst(3)
        lines.append(String(rest.dropFirst()))
        if rest.first == "-" { return }
        inbound.handedOn += 1
        replies.yield(SMTPReply(code: code, lines: lines))
        lines = []
    }

    func channelInactive(context: ChannelHandlerContext) {
        replies.finish()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        replies.finish(throwing: error)
        context.close(promise: nil)
    }
}

/// What a connection's pipeline has read: the replies it handed on, a reply begun (lines of it
/// read), bytes of a line not ended. Written and read on the channel's event loop only.
final class SMTPInbound: @unchecked Sendable {
    var handedOn = 0
    var partial = false
    var leftover = 0

    /// Whether the server sent more than the `consumed` replies read: another reply, part of one.
    func holdsMore(than consumed: Int) -> Bool {
        handedOn > consumed || partial || leftover > 0
    }
}
