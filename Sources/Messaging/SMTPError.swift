/// Why an email was not taken by the mail server: each case says, in Vietnamese for the bursar
/// and in English, what happened; ``isPermanent`` says whether trying again can help.
public enum SMTPError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The server refused for good (a 5xx reply) at `step`.
    case refused(code: Int, reply: String, step: String)
    /// The server refused for now (a 4xx reply, or a reply that makes no sense) at `step`.
    case deferred(code: Int, reply: String, step: String)
    /// No connection could be made, or it was lost.
    case unreachable(String)
    /// The server did not answer within the step's time.
    case timedOut(step: String)
    /// TLS could not be set up (the certificate is not trusted, say).
    case tls(String)
    /// The server lacks what the settings require (STARTTLS for `tls=require`, or TLS before a password).
    case unsupported(String)

    /// A refusal that no retry changes: the delivery fails at once. Only a refusal of the
    /// recipient (RCPT TO) or of the message (the end of DATA) is about this email; a 5xx
    /// anywhere else (the greeting, a wrong password, 530 asking for STARTTLS, MAIL FROM) is
    /// about the server or the settings, and every email would be refused alike until someone
    /// mends them: those are retried.
    public var isPermanent: Bool {
        if case .refused(_, _, let step) = self { return Self.permanentSteps.contains(step) }
        return false
    }

    /// The steps whose 5xx refuses this email for good.
    public static let permanentSteps: Set<String> = ["RCPT TO", "end of DATA"]

    public var description: String {
        switch self {
        case let .refused(code, reply, step):
            Self.permanentSteps.contains(step)
                ? "máy chủ thư từ chối ở bước \(step): \(code) \(reply) (refused for good)"
                : "máy chủ thư từ chối ở bước \(step), sẽ thử lại: \(code) \(reply) (refused, will retry)"
        case let .deferred(code, reply, step):
            "máy chủ thư tạm thời chưa nhận ở bước \(step): \(code) \(reply) (deferred, will retry)"
        case .unreachable(let reason):
            "không kết nối được máy chủ thư: \(reason) (unreachable)"
        case .timedOut(let step):
            "máy chủ thư không trả lời kịp ở bước \(step) (timed out)"
        case .tls(let reason):
            "không thiết lập được kết nối TLS với máy chủ thư: \(reason) (TLS failed)"
        case .unsupported(let reason):
            "máy chủ thư không đáp ứng cấu hình: \(reason)"
        }
    }
}
