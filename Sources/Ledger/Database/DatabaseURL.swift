import Foundation

/// Which database a ledger keeps its records in, as `CASHLESS_DATABASE_URL` writes it:
/// `sqlite:<path>` (`sqlite:data/cashless.sqlite`, `sqlite:///var/lib/cashless.sqlite`),
/// `sqlite::memory:` (gone when the ledger closes; for tests), or
/// `postgres://user:password@host:port/database?sslmode=disable|prefer|require`, with the pool's
/// bounds as further parameters: `pool_size`, `pool_wait` and `statement_timeout` (seconds),
/// see ``PostgresServer``.
public enum DatabaseURL: Sendable, Hashable, CustomStringConvertible {
    /// An SQLite database in memory, private to one ledger.
    case sqliteMemory
    /// An SQLite database file (written in WAL mode), created with its folder when missing.
    case sqliteFile(path: String)
    /// A PostgreSQL database.
    case postgres(PostgresServer)

    /// Reads a database URL.
    public init(_ text: String) throws(InvalidDatabaseURL) {
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            if path == ":memory:" {
                self = .sqliteMemory
            } else if path.isEmpty {
                throw InvalidDatabaseURL(text: text, reason: "the SQLite URL has no file path (sqlite:<path>)")
            } else {
                self = .sqliteFile(path: path)
            }
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(try PostgresServer(url: text))
        } else {
            throw InvalidDatabaseURL(text: text, reason: "a database URL starts with sqlite: or postgres://")
        }
    }

    /// The URL with its password left out, fit for logs.
    public var description: String {
        switch self {
        case .sqliteMemory: "sqlite::memory:"
        case .sqliteFile(let path): "sqlite:\(path)"
        case .postgres(let server): server.description
        }
    }
}

/// Where a PostgreSQL database is and how to log in to it.
public struct PostgresServer: Sendable, Hashable, CustomStringConvertible {
    /// Whether to talk to the server over TLS, as libpq's `sslmode` says it.
    public enum TLSMode: String, Sendable, Hashable {
        /// Never.
        case disable
        /// When the server offers it (the default).
        case prefer
        /// Always, checking the server's certificate against the system's trust roots and its host name.
        case require
    }

    /// The host name or address.
    public var host: String
    /// The port, 5432 unless the URL says otherwise.
    public var port: Int
    /// The role to log in as.
    public var username: String
    /// Its password, when the server asks for one.
    public var password: String?
    /// The database; PostgreSQL takes the user name when nil.
    public var database: String?
    /// Whether to use TLS.
    public var tls: TLSMode
    /// At most this many connections in this server's pool (`pool_size`, default 20): the
    /// PostgreSQL server's `max_connections` must cover the sum over all servers.
    public var poolSize: Int
    /// How long a request waits for a connection before it is answered 503 (`pool_wait`, seconds,
    /// default 5): while PostgreSQL restarts, or when every connection is busy.
    public var poolWait: Duration
    /// How long one statement may run before PostgreSQL cancels it (`statement_timeout`,
    /// seconds, default 15; migrations run without it). 0 sets no timeout and sends no startup
    /// parameters at all, for a connection pooler that refuses them (PgBouncer).
    public var statementTimeout: Duration

    /// Reads `postgres://user:password@host:port/database?sslmode=…&pool_size=…&pool_wait=…&statement_timeout=…`;
    /// user name and password may be percent-encoded. `sslmode` `verify-ca` and `verify-full` are
    /// read as ``TLSMode/require``.
    public init(url text: String) throws(InvalidDatabaseURL) {
        guard let url = URLComponents(string: text), let host = url.host, !host.isEmpty else {
            throw InvalidDatabaseURL(text: text, reason: "not a URL with a host: postgres://user:password@host:port/database")
        }
        guard let username = url.user, !username.isEmpty else {
            throw InvalidDatabaseURL(text: text, reason: "the URL names no user: postgres://user:password@host:port/database")
        }
        self.host = host
        self.port = url.port ?? 5432
        self.username = username
        self.password = url.password
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        self.database = path.isEmpty ? nil : path
        switch url.queryItems?.first(where: { $0.name == "sslmode" })?.value {
        case nil, "prefer", "allow": self.tls = .prefer
        case "disable": self.tls = .disable
        case "require", "verify-ca", "verify-full": self.tls = .require
        case let mode?:
            throw InvalidDatabaseURL(text: text, reason: "sslmode '\(mode)' is not one of disable, prefer, require")
        }
        func number(_ name: String, default value: Double, range: ClosedRange<Double>) throws(InvalidDatabaseURL) -> Double {
            guard let given = url.queryItems?.first(where: { $0.name == name })?.value else { return value }
            guard let number = Double(given), range.contains(number) else {
                let bound = { (value: Double) in value == value.rounded() ? String(Int(value)) : String(value) }
                throw InvalidDatabaseURL(
                    text: text,
                    reason: "\(name) '\(given)' is not a number from \(bound(range.lowerBound)) to \(bound(range.upperBound))"
                )
            }
            return number
        }
        poolSize = Int(try number("pool_size", default: 20, range: 1...1_000).rounded())
        poolWait = .milliseconds(Int64(try number("pool_wait", default: 5, range: 0.001...600) * 1_000))
        statementTimeout = .milliseconds(Int64(try number("statement_timeout", default: 15, range: 0...86_400) * 1_000))
    }

    /// The URL with the password left out.
    public var description: String {
        "postgres://\(username)\(password == nil ? "" : ":***")@\(host):\(port)/\(database ?? "")"
            + (tls == .prefer ? "" : "?sslmode=\(tls.rawValue)")
    }
}

/// A database URL the ledger cannot use.
public struct InvalidDatabaseURL: Error, Sendable, Hashable, CustomStringConvertible {
    /// The URL as given, password included: report ``description`` instead.
    public var text: String
    /// What is wrong with it.
    public var reason: String

    /// The reason, without the URL (which may hold a password).
    public var description: String { "invalid database URL: \(reason)" }
}
