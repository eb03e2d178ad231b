import Foundation
import Hummingbird
import Ledger

/// Turns the errors of the layers below into problem JSON: each module's errors through their
/// ``ProblemConvertible`` conformance (`Errors/`), a body that does not decode, Hummingbird's own
/// HTTP errors, a body over the size limit (413). Bad input never becomes a 5xx, and a 5xx says
/// only the request's id: what went wrong (a path, a tool's output) goes to the log under that id.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await problems(request, context: context, next: next)
        } catch let problem as APIProblem where Self.wantsPage(request) && (problem.status.code >= 500 || problem.status == .contentTooLarge) {
            return Self.page(for: problem, request: request, context: context)
        }
    }

    private func problems(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any ProblemConvertible {
            throw Self.withheld(error.problem, error, context)
        } catch let error as DecodingError {
            throw APIProblem.badRequest("the request body is not the JSON this route takes", errors: [error.fieldError])
        } catch let error as HTTPError {
            throw APIProblem(error.status, error.body ?? error.status.reasonPhrase)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            // Collecting a body past `maxUploadSize` throws NIO's NIOTooManyBytesError, which
            // Hummingbird would answer as a bare 413 without a body.
            throw APIProblem(
                .contentTooLarge,
                "the request body is larger than \(context.maxUploadSize / (1024 * 1024)) MB, the most this service takes"
            )
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            throw Self.withheld(APIProblem(.internalServerError, "\(error)"), error, context)
        }
    }

    /// Whether the request comes from a person's browser on a page (a navigation or a form asks
    /// for HTML), so a failure is answered as a page in Vietnamese rather than problem JSON. The
    /// API (`/v1/…`) always answers problem JSON.
    static func wantsPage(_ request: Request) -> Bool {
        !request.uri.path.hasPrefix("/v1/") && (request.headers[.accept] ?? "").contains("text/html")
    }

    /// A page for a failure of the server, or for a form past the size limit: what happened, when
    /// to try again, and the request id the operator finds in the log.
    static func page(for problem: APIProblem, request: Request, context: Context) -> Response {
        let message: String
        switch problem.status {
        case .contentTooLarge:
            message = "Biểu mẫu hoặc tệp gửi lên quá lớn, máy chủ không nhận. Hãy gửi tệp nhỏ hơn."
        case .serviceUnavailable:
            message = "Máy chủ đang bận hoặc cơ sở dữ liệu tạm thời không trả lời; hãy thử lại sau \(problem.retryAfter ?? 5) giây."
        default:
            message = "Máy chủ không trả lời được yêu cầu này. Người quản trị tìm nguyên nhân trong nhật ký theo mã yêu cầu \(context.id)."
        }
        var response = Pages.render(
            "busy",
            BusyPage(
                title: problem.status == .contentTooLarge ? "Quá lớn" : "Chưa trả lời được",
                message: message,
                back: request.method == .get ? "\(request.uri)" : "/"
            ),
            status: problem.status
        )
        if let retryAfter = problem.retryAfter { response.headers[.retryAfter] = "\(retryAfter)" }
        return response
    }

    /// `problem` as it may be answered: a 5xx is logged with its error and answered with the request's id only.
    static func withheld(_ problem: APIProblem, _ error: any Error, _ context: Context) -> APIProblem {
        // A 503 with Retry-After (the server is busy) is an answer, not a fault: it says no more.
        guard problem.status.code >= 500, problem.retryAfter == nil else { return problem }
        context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))", "answer": "\(problem.detail)"])
        return APIProblem(problem.status, "the server could not answer this request; its operator finds why in the log under request \(context.id)")
    }
}

extension DecodingError {
    /// The field the decoder stopped at, and why, in words.
    var fieldError: APIProblem.FieldError {
        func path(_ context: Context) -> String? {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? nil : keys.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch self {
        case let .keyNotFound(key, context):
            let parent = path(context).map { $0 + "." } ?? ""
            return .init(field: parent + key.stringValue, reason: "is required")
        case let .typeMismatch(type, context):
            return .init(field: path(context), reason: "must be \(Self.describe(type))")
        case let .valueNotFound(type, context):
            return .init(field: path(context), reason: "must be \(Self.describe(type)), not null")
        case let .dataCorrupted(context):
            return .init(field: path(context), reason: context.underlyingError.map { "\($0)" } ?? context.debugDescription)
        @unknown default:
            return .init(reason: "\(self)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type, is UInt64.Type: "a whole number"
        case is Bool.Type: "true or false"
        default: "\(type)"
        }
    }
}
