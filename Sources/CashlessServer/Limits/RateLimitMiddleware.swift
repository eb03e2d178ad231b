import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Limits how often one client address calls the public routes (decoding a payment code,
/// verifying a receipt, the quick QR link, the trust and status lists, a payer's bill link) and tries to sign in
/// (``ServiceLimits``): past its limit a call is answered 429 with `Retry-After`, as problem JSON
/// on `/v1` and as a page in Vietnamese elsewhere. The limit per username is the sign-in's own
/// (``SignInController``), once it has read the form.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let rates: RateLimits
    let behindProxy: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let door = Self.door(request) else { return try await next(request, context) }
        do {
            try rates.take(door, client(request, context))
        } catch {
            return Self.tooMany(request, retryAfter: error.retryAfter)
        }
        return try await next(request, context)
    }

    /// The limit a request counts against, if any.
    static func door(_ request: Request) -> RateLimits.Door? {
        let path = routePath(request)
        switch (request.method, path) {
        case (.post, "/login"): return .signIn
        case (.post, "/v1/qr/decode"), (.post, "/v1/verify"), (.get, "/verify"), (.post, "/verify"), (.get, "/v1/trust-list"),
            (.get, "/v1/qr.png"), (.get, "/v1/qr.svg"):
            return .publicRoute
        case (.get, _) where path.hasPrefix("/v1/units/") && path.hasSuffix("/status-list"): return .publicRoute
        case (.get, _) where path.hasPrefix("/p/"): return .publicRoute
        default: return nil
        }
    }

    /// The path as the router reads it, without empty segments: `POST //login/` is sign-in too.
    static func routePath(_ request: Request) -> String {
        "/" + request.uri.path.split(separator: "/").joined(separator: "/")
    }

    /// The caller's address: the connection's peer, or, behind a reverse proxy on this machine,
    /// the address the proxy appended last to `X-Forwarded-For`.
    private func client(_ request: Request, _ context: Context) -> String {
        if behindProxy, let forwarded = request.headers[.xForwardedFor],
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        {
            return last
        }
        return Self.network(of: context.clientAddress ?? "unknown")
    }

    /// The client an address stands for: an IPv4 address itself (and one mapped into IPv6), an
    /// IPv6 address by its /64 network, which one subscriber holds whole (else each of its 2⁶⁴
    /// addresses would get a limit of its own).
    static func network(of address: String) -> String {
        guard address.contains(":"), !address.contains(".") else { return address }
        let halves = address.components(separatedBy: "::")
        let head = halves[0].split(separator: ":").map(String.init)
        let tail = halves.count > 1 ? halves[1].split(separator: ":").map(String.init) : []
        let groups = head + Array(repeating: "0", count: max(0, 8 - head.count - tail.count)) + tail
        return groups.prefix(4).map { String(Int($0, radix: 16) ?? 0, radix: 16) }.joined(separator: ":") + "::/64"
    }

    /// 429 with `Retry-After`: problem JSON for the API, a page for people.
    static func tooMany(_ request: Request, retryAfter: Int) -> Response {
        var response: Response
        if routePath(request).hasPrefix("/v1/") {
            let body = """
                {"detail":"too many requests from this address: try again in \(retryAfter) s","status":429,\
                "title":"Too Many Requests","type":"about:blank"}
                """
            response = Response(
                status: .tooManyRequests,
                headers: [.contentType: "application/problem+json"],
                body: .init(byteBuffer: ByteBuffer(string: body))
            )
        } else {
            response = Pages.render(
                "busy",
                BusyPage(
                    title: "Quá nhiều yêu cầu",
                    message: "Có quá nhiều yêu cầu từ địa chỉ này; hãy thử lại sau \(retryAfter) giây.",
                    back: routePath(request) == "/login" ? "/login" : "/verify"
                ),
                status: .tooManyRequests
            )
        }
        response.headers[.retryAfter] = "\(retryAfter)"
        return response
    }
}

/// A page saying the server will not answer now, and when to try again.
struct BusyPage {
    var title: String
    var message: String
    var back: String
}

extension HTTPField.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
}
