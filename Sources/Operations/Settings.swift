import Foundation
import Messaging

/// How the service runs: read from `Config/server.json`, then overridden by the environment
/// (`CASHLESS_HOST`, `CASHLESS_PORT`, `CASHLESS_DATABASE_URL`, `CASHLESS_DATA_DIR`, `CASHLESS_PUBLIC_URL`,
/// `CASHLESS_SMTP_URL`, and each of ``ServiceLimits``' variables).
public struct Settings: Sendable, Hashable, Codable {
    /// Address to listen on; loopback by default.
    public var host: String
    public var port: Int
    /// `sqlite:<path>` (relative paths are under ``dataDirectory``) or `postgres://user:pass@host:port/db`.
    public var databaseURL: String
    /// Where the embedded database and generated files live.
    public var dataDirectory: String
    /// The address payers reach the service at, for the verify link printed on receipts
    /// (`https://thu.dienbien.gov.vn`); `http://<host>:<port>` when not set.
    public var publicURL: String?
    /// The mail server receipts are emailed through (``Messaging/SMTPSettings``):
    /// `smtp://user:password@host:587?from=thu@truong.edu.vn`; nil: receipts are not emailed.
    public var smtpURL: String?
    /// What one process takes from the network before it refuses (``ServiceLimits``).
    public var limits: ServiceLimits

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        databaseURL: String = "sqlite:cashless.sqlite",
        dataDirectory: String = "data",
        publicURL: String? = nil,
        smtpURL: String? = nil,
        limits: ServiceLimits = ServiceLimits()
    ) {
        self.host = host
        self.port = port
        self.databaseURL = databaseURL
        self.dataDirectory = dataDirectory
        self.publicURL = publicURL
        self.smtpURL = smtpURL
        self.limits = limits
    }

    /// ``publicURL`` without a trailing slash, or the listening address.
    public var resolvedPublicURL: String {
        guard let publicURL, !publicURL.isEmpty else { return "http://\(host):\(port)" }
        return publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
    }

    /// A setting that cannot be used, naming where it came from.
    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// The settings of `file` (when it exists), overridden by `environment`.
    public static func load(file: URL?, environment: [String: String]) throws(Invalid) -> Settings {
        var settings = Settings()
        if let file, FileManager.default.fileExists(atPath: file.path) {
            do {
                settings = try JSONDecoder().decode(Settings.self, from: Data(contentsOf: file))
            } catch {
                throw Invalid(description: "\(file.path): \(error)")
            }
        }
        if let host = environment["CASHLESS_HOST"], !host.isEmpty { settings.host = host }
        if let port = environment["CASHLESS_PORT"], !port.isEmpty {
            guard let number = Int(port), (1...65535).contains(number) else {
                throw Invalid(description: "CASHLESS_PORT must be a port number from 1 to 65535 (got '\(port)')")
            }
            settings.port = number
        }
        if let url = environment["CASHLESS_DATABASE_URL"], !url.isEmpty { settings.databaseURL = url }
        if let folder = environment["CASHLESS_DATA_DIR"], !folder.isEmpty { settings.dataDirectory = folder }
        if let url = environment["CASHLESS_PUBLIC_URL"], !url.isEmpty { settings.publicURL = url }
        if let url = environment["CASHLESS_SMTP_URL"], !url.isEmpty { settings.smtpURL = url }
        try settings.limits.apply(environment)
        try settings.limits.validate()
        if let url = settings.publicURL, !url.isEmpty, !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
            throw Invalid(description: "the public URL starts with https:// or http:// (got '\(url)')")
        }
        do {
            _ = try settings.smtp
        } catch {
            throw Invalid(description: error.description)
        }
        guard
            settings.databaseURL.hasPrefix("sqlite:") || settings.databaseURL.hasPrefix("postgres://")
                || settings.databaseURL.hasPrefix("postgresql://")
        else {
            throw Invalid(description: "the database URL is sqlite:<path> or postgres://user:pass@host:port/db (got '\(settings.databaseURL)')")
        }
        return settings
    }

    /// The database URL with a relative SQLite path resolved under the data directory.
    public var resolvedDatabaseURL: String {
        guard databaseURL.hasPrefix("sqlite:") else { return databaseURL }
        let path = String(databaseURL.dropFirst("sqlite:".count))
        if path == ":memory:" || path.hasPrefix("/") { return databaseURL }
        return "sqlite:" + URL(fileURLWithPath: dataDirectory).appendingPathComponent(path).path
    }

    /// The mail server's settings; nil when none is configured.
    public var smtp: SMTPSettings? {
        get throws(SMTPSettings.Invalid) {
            guard let smtpURL, !smtpURL.isEmpty else { return nil }
            return try SMTPSettings(url: smtpURL)
        }
    }

    private enum CodingKeys: String, CodingKey { case host, port, databaseURL, dataDirectory, publicURL, smtpURL, limits }

    public init(from decoder: any Decoder) throws {
        let defaults = Settings()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        host = try container.decodeIfPresent(String.self, forKey: .host) ?? defaults.host
        port = try container.decodeIfPresent(Int.self, forKey: .port) ?? defaults.port
        databaseURL = try container.decodeIfPresent(String.self, forKey: .databaseURL) ?? defaults.databaseURL
        dataDirectory = try container.decodeIfPresent(String.self, forKey: .dataDirectory) ?? defaults.dataDirectory
        publicURL = try container.decodeIfPresent(String.self, forKey: .publicURL)
        smtpURL = try container.decodeIfPresent(String.self, forKey: .smtpURL)
        limits = try container.decodeIfPresent(ServiceLimits.self, forKey: .limits) ?? defaults.limits
    }
}
