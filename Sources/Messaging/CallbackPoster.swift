import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Why a unit's gateway did not take a callback; ``isPermanent`` when trying again cannot help.
public enum CallbackError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The gateway answered with this status (a 4xx other than 408 and 429 is permanent).
    case status(Int, String)
    /// No answer: the connection failed or timed out.
    case unreachable(String)

    public var isPermanent: Bool {
        if case .status(let code, _) = self { return (400..<500).contains(code) && code != 408 && code != 429 }
        return false
    }

    public var description: String {
        switch self {
        case let .status(code, body):
            "cổng nhắn tin trả lời \(code)\(body.isEmpty ? "" : ": \(body)") (\(isPermanent ? "refused for good" : "will retry"))"
        case .unreachable(let reason):
            "không gọi được cổng nhắn tin: \(reason) (unreachable)"
        }
    }
}

/// Posts JSON to a unit's gateway (its Zalo OA or SMS service) with AsyncHTTPClient.
public enum CallbackPoster {
    /// The client callbacks go out by: it follows no redirect (a gateway's 3xx is its answer, not
    /// an address to post the payer's receipt and phone to).
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// Posts `body` to `url` with `headers`, within `timeout`; returns when the gateway answered
    /// 2xx, throws ``CallbackError`` otherwise (a redirect too: it is not followed).
    public static func post(url: String, body: Data, headers: [(String, String)], timeout: Duration) async throws(CallbackError) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        request.headers.add(name: "User-Agent", value: "cashless-callback/1")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let status: Int
        let answer: String
        do {
            let response = try await client.execute(request, timeout: .seconds(Int64(timeout.components.seconds)))
            status = Int(response.status.code)
            var start = Data()
            for try await chunk in response.body {
                start.append(contentsOf: chunk.readableBytesView)
                if start.count >= 200 { break }
            }
            answer = String(decoding: start.prefix(200), as: UTF8.self)
        } catch {
            throw .unreachable("\(error)")
        }
        guard (200..<300).contains(status) else { throw .status(status, answer) }
    }
}
