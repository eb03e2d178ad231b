import NIOCore
import NIOHTTPTypes

/// Closes a connection whose client takes more than `seconds` to send one whole request, its
/// headers and its body, counted from when the connection is ready for one (opened, or the
/// previous answer sent) or the request began: a client that sends a byte at a time
/// ("slowloris") holds a connection no longer than that. The time the server takes to answer
/// is not counted.
final class RequestDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?
    /// The last request's end has been read: the server is answering it, or waiting for the next.
    private var betweenRequests = true

    init(seconds: Int) {
        timeout = .seconds(Int64(seconds))
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            betweenRequests = false
            arm(context)
        case .body:
            break
        case .end:
            betweenRequests = true
            disarm()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // An answer sent: the connection is ready for the next request (or still reading the
        // rest of one answered early, whose deadline runs on).
        if case .end = unwrapOutboundIn(data), betweenRequests { arm(context) }
        context.write(data, promise: promise)
    }

    /// Starts the clock, unless it is running.
    private func arm(_ context: ChannelHandlerContext) {
        guard deadline == nil else { return }
        deadline = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(in: timeout) {
            self.deadline = nil
            context.close(promise: nil)
        }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}
