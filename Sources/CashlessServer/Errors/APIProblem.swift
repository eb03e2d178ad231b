import Foundation
import Hummingbird

/// An error answered as problem JSON (RFC 9457): `type`, `title`, `status`, `detail` and, for bad
/// input, `errors` naming each field (or file line) and why.
public struct APIProblem: HTTPResponseError, ProblemConvertible, Sendable {
    /// One thing wrong with the input: the field (and, in a file, the line and the column as
    /// its header names it), a stable code (``Rules/ProblemCode``), and why.
    public struct FieldError: Sendable, Codable, Hashable {
        public var field: String?
        public var line: Int?
        public var column: String?
        public var code: String?
        public var reason: String

        public init(field: String? = nil, line: Int? = nil, column: String? = nil, code: String? = nil, reason: String) {
            self.field = field
            self.line = line
            self.column = column
            self.code = code
            self.reason = reason
        }
    }

    public var status: HTTPResponse.Status
    public var title: String
    public var detail: String
    public var errors: [FieldError]
    /// Seconds to wait before asking again (`Retry-After`), for 429 and 503.
    public var retryAfter: Int?

    public init(_ status: HTTPResponse.Status, _ detail: String, errors: [FieldError] = [], retryAfter: Int? = nil) {
        self.status = status
        self.title = status.reasonPhrase
        self.detail = detail
        self.errors = errors
        self.retryAfter = retryAfter
    }

    public static func badRequest(_ detail: String, errors: [FieldError] = []) -> APIProblem { .init(.badRequest, detail, errors: errors) }
    public static func notFound(_ what: String) -> APIProblem { .init(.notFound, "\(what) does not exist") }
    public static func conflict(_ detail: String, errors: [FieldError] = []) -> APIProblem { .init(.conflict, detail, errors: errors) }
    public static func unprocessable(_ detail: String, errors: [FieldError] = []) -> APIProblem {
        .init(.unprocessableContent, detail, errors: errors)
    }

    public var problem: APIProblem { self }

    private struct Body: Encodable {
        var type: String
        var title: String
        var status: Int
        var detail: String
        var errors: [FieldError]?
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(
            type: "about:blank",
            title: title,
            status: Int(status.code),
            detail: detail,
            errors: errors.isEmpty ? nil : errors
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if let retryAfter { headers[.retryAfter] = "\(retryAfter)" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(body))))
    }
}
