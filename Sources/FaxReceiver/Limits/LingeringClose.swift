import NIOCore
import NIOHTTPTypes

/// Closes a connection without destroying the answer it has just been sent.
///
/// A refusal (413, 401, 403...) is answered before the request body has been read, and the connection
/// is then closed. Closing a TCP socket with unread bytes in its receive buffer makes the kernel send a
/// reset, and a reset that reaches the client before it has read the answer discards the answer: the
/// sender sees "connection reset by peer" instead of "413 body too large" (curl and URLSession both did,
/// now and then, in tests). So, like nginx's lingering close, a full close asked for while a request body
/// is still arriving becomes: shut the write side (the answer, then FIN), read and discard what the
/// client still sends, and close for real when the body ends, when `maxBytes` have been discarded, or
/// after `maxTime`, whichever comes first. Nothing discarded is kept, so memory stays bounded.
final class LingeringClose: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let maxBytes: Int
    private let maxTime: TimeAmount
    /// A request head has arrived and its end has not.
    private var bodyPending = false
    private var lingering: (discarded: Int, promise: EventLoopPromise<Void>?, timer: Scheduled<Void>?)?

    init(maxBytes: Int, maxTime: TimeAmount) {
        self.maxBytes = maxBytes
        self.maxTime = maxTime
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch part {
        case .head: bodyPending = true
        case .body: break
        case .end: bodyPending = false
        }
        guard var state = lingering else {
            context.fireChannelRead(data)
            return
        }
        if case .body(let bytes) = part { state.discarded += bytes.readableBytes }
        lingering = state
        if !bodyPending || state.discarded > maxBytes { finish(context) }
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode == .all, bodyPending, lingering == nil, context.channel.isActive else {
            if lingering != nil, mode == .all {
                // A second close (idle timeout, shutdown) while lingering: stop lingering now.
                chain(promise)
                finish(context)
                return
            }
            context.close(mode: mode, promise: promise)
            return
        }
        let timer = context.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(in: maxTime) { [weak self] () -> Void in
            self?.finish(context)
        }
        lingering = (0, promise, timer)
        context.flush()
        context.close(mode: .output, promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let state = lingering {
            state.timer?.cancel()
            lingering = nil
            state.promise?.succeed(())
        }
        context.fireChannelInactive()
    }

    private func chain(_ promise: EventLoopPromise<Void>?) {
        guard let promise, let state = lingering else { return }
        if let first = state.promise {
            first.futureResult.cascade(to: promise)
        } else {
            lingering?.promise = promise
        }
    }

    private func finish(_ context: ChannelHandlerContext) {
        guard let state = lingering else { return }
        state.timer?.cancel()
        lingering = (state.discarded, nil, nil)
        context.close(mode: .all, promise: state.promise)
    }
}
