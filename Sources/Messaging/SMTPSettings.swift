import Foundation

/// Where and how receipts are emailed, read from `CASHLESS_SMTP_URL`:
///
///     smtp://user:password@mail.example.vn:587?from=thu@truong.edu.vn
///     smtps://user:password@mail.example.vn?from=thu@truong.edu.vn&name=Trường Tiểu học Điện Biên
///
/// `smtp://` (port 587 by default) upgrades to TLS with STARTTLS whenever the server offers it;
/// `tls=require` refuses a server that does not. `smtps://` (port 465) speaks TLS from the start.
/// Certificates are always verified against the system's roots and, with `ca=<path to PEM>`, the
/// certificates of that file as well (a private or test mail server); there is no way to turn
/// verification off. A user and password are sent (AUTH PLAIN, or LOGIN) only over TLS.
/// `from` (required) is the sender's address, `name` its display name, `helo` the name the client
/// greets with (`localhost`), `timeout` the seconds each step may take (30, at most 45: a whole
/// conversation, bounded by ten steps' time, stays well within the sender's ten-minute lease).
public struct SMTPSettings: Sendable, Hashable {
    public enum Security: String, Sendable, Hashable {
        /// STARTTLS when the server offers it, plain otherwise.
        case opportunistic
        /// STARTTLS, or no sending.
        case require
        /// TLS from the connection's start (`smtps://`).
        case implicit
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// The envelope sender and `From` address.
    public var from: String
    /// `From`'s display name.
    public var fromName: String?
    /// Extra trusted certificates (PEM file).
    public var caFile: String?
    public var helo: String
    /// How long each step (connecting, each write, each command's reply) may take.
    public var timeout: Duration

    /// The longest `timeout` a URL may set.
    public static let maximumTimeout = 45

    /// How long a whole conversation (connecting to QUIT) may take: ten steps' time.
    public var deadline: Duration { timeout * 10 }

    /// A setting that cannot be used, with what to write instead.
    public struct Invalid: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The settings `url` writes; throws naming the part that is wrong (the password is never
    /// repeated in the message).
    public init(url text: String) throws(Invalid) {
        func invalid(_ reason: String) -> Invalid {
            Invalid(description: "CASHLESS_SMTP_URL: \(reason) (smtp://user:password@host:587?from=thu@truong.edu.vn)")
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw invalid("is not a URL")
        }
        switch scheme {
        case "smtp": security = .opportunistic
        case "smtps": security = .implicit
        default: throw invalid("starts with smtp:// or smtps://, not \(scheme)://")
        }
        guard let host = components.host, !host.isEmpty else { throw invalid("names no host") }
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        port = components.port ?? (security == .implicit ? 465 : 587)
        guard (1...65535).contains(port) else { throw invalid("the port must be 1 to 65535") }
        username = components.user.flatMap { $0.removingPercentEncoding ?? $0 }.flatMap { $0.isEmpty ? nil : $0 }
        password = components.password.flatMap { $0.removingPercentEncoding ?? $0 }
        var from: String?
        fromName = nil
        caFile = nil
        helo = "localhost"
        timeout = .seconds(30)
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "from": from = value
            case "name": fromName = value.isEmpty ? nil : value
            case "ca": caFile = value
            case "helo": helo = value
            case "timeout":
                guard let seconds = Int(value), (1...Self.maximumTimeout).contains(seconds) else {
                    throw invalid("timeout is seconds from 1 to \(Self.maximumTimeout)")
                }
                timeout = .seconds(seconds)
            case "tls":
                switch value {
                case "require":
                    guard security != .implicit else { throw invalid("smtps:// is TLS already: tls=require is for smtp://") }
                    security = .require
                case "starttls", "": break
                default: throw invalid("tls is require or starttls, not \(value)")
                }
            default: throw invalid("unknown option \(item.name) (from, name, tls, ca, helo, timeout)")
            }
        }
        guard let from, MailAddress.isPlausible(from) else { throw invalid("from=<the sender's address> is required") }
        self.from = from
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) { throw invalid("ca=\(caFile) is not a readable file") }
        guard !helo.isEmpty, helo.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) else {
            throw invalid("helo is a host name")
        }
    }
}
