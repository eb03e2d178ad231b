import Foundation

/// What one `cashless serve` process takes from the network before it refuses: how long a
/// connection may sit idle or take to send one request, how many connections it holds, how many
/// threads the expensive work (password hashing, reading photos, drawing PDFs) gets and how much
/// of it may wait, and how often one client address may call the public routes and sign in.
/// `Config/server.json`'s `limits`, each overridable by a `CASHLESS_*` variable.
public struct ServiceLimits: Sendable, Hashable, Codable {
    /// Seconds a connection may sit idle between requests before it is closed (`CASHLESS_IDLE_TIMEOUT`).
    public var idleTimeout: Int = 30
    /// Seconds a client has to send one whole request, its headers and its body, once it starts
    /// one or once its connection is ready for the next; a slower one is cut off (`CASHLESS_READ_TIMEOUT`).
    public var readTimeout: Int = 60
    /// Connections held at once; more wait in the kernel's backlog (`CASHLESS_MAX_CONNECTIONS`).
    public var maxConnections: Int = 1024
    /// Threads for expensive work; 0 takes one per core (`CASHLESS_WORK_THREADS`).
    public var workThreads: Int = 0
    /// Expensive jobs that may wait for a thread; one more is answered 503 with `Retry-After` (`CASHLESS_WORK_QUEUE`).
    public var workQueue: Int = 64
    /// Seconds `zbarimg` may take to read one picture before it is stopped (`CASHLESS_SCAN_TIMEOUT`).
    public var scanTimeout: Int = 10
    /// Calls per minute one client address may make to the public routes (decode, verify, the
    /// quick QR link, trust and status lists) after a burst of as many (`CASHLESS_PUBLIC_RATE`).
    public var publicPerMinute: Int = 120
    /// Sign-in attempts per minute from one client address (`CASHLESS_SIGN_IN_RATE`).
    public var signInPerMinute: Int = 10
    /// Sign-in attempts per minute for one username, from anywhere (`CASHLESS_SIGN_IN_USER_RATE`).
    public var signInPerUserPerMinute: Int = 6
    /// Read the client's address from the last hop of `X-Forwarded-For`, as a reverse proxy on
    /// this machine writes it; off unless the service listens behind one (`CASHLESS_BEHIND_PROXY`).
    public var behindProxy: Bool = false
    /// Seconds a province's report, once read, is served again before it is read anew
    /// (`CASHLESS_REPORT_SECONDS`; 0 reads it at every request): hundreds of communes' totals cost
    /// more than a page should, and a province's numbers a few seconds old say the same.
    public var reportSeconds: Int = 5

    public init() {}

    /// Each limit a `CASHLESS_*` variable of `environment` sets, over these.
    mutating func apply(_ environment: [String: String]) throws(Settings.Invalid) {
        for (name, keyPath, _) in Self.wholeNumbers {
            guard let text = environment[name], !text.isEmpty else { continue }
            guard let value = Int(text) else { throw Settings.Invalid(description: "\(name) must be a whole number (got '\(text)')") }
            self[keyPath: keyPath] = value
        }
        if let text = environment["CASHLESS_BEHIND_PROXY"], !text.isEmpty {
            guard let value = Bool(text.lowercased()) else {
                throw Settings.Invalid(description: "CASHLESS_BEHIND_PROXY must be true or false (got '\(text)')")
            }
            behindProxy = value
        }
    }

    /// Each whole-number limit: its variable, where it is kept, and its least value.
    private static var wholeNumbers: [(String, WritableKeyPath<ServiceLimits, Int>, Int)] {
        [
            ("CASHLESS_IDLE_TIMEOUT", \.idleTimeout, 1), ("CASHLESS_READ_TIMEOUT", \.readTimeout, 1),
            ("CASHLESS_MAX_CONNECTIONS", \.maxConnections, 1), ("CASHLESS_WORK_THREADS", \.workThreads, 0),
            ("CASHLESS_WORK_QUEUE", \.workQueue, 0), ("CASHLESS_SCAN_TIMEOUT", \.scanTimeout, 1),
            ("CASHLESS_PUBLIC_RATE", \.publicPerMinute, 1), ("CASHLESS_SIGN_IN_RATE", \.signInPerMinute, 1),
            ("CASHLESS_SIGN_IN_USER_RATE", \.signInPerUserPerMinute, 1), ("CASHLESS_REPORT_SECONDS", \.reportSeconds, 0),
        ]
    }

    /// Refuses a limit below its least value, naming its variable.
    func validate() throws(Settings.Invalid) {
        for (name, keyPath, minimum) in Self.wholeNumbers where self[keyPath: keyPath] < minimum {
            throw Settings.Invalid(description: "\(name) (limits in Config/server.json) must be at least \(minimum) (got \(self[keyPath: keyPath]))")
        }
    }

    /// Threads for expensive work: ``workThreads``, or one per core.
    public var resolvedWorkThreads: Int { workThreads > 0 ? workThreads : ProcessInfo.processInfo.activeProcessorCount }

    private enum CodingKeys: String, CodingKey {
        case idleTimeout, readTimeout, maxConnections, workThreads, workQueue, scanTimeout
        case publicPerMinute, signInPerMinute, signInPerUserPerMinute, behindProxy, reportSeconds
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func read<Value: Decodable>(_ key: CodingKeys, _ keyPath: WritableKeyPath<ServiceLimits, Value>) throws {
            if let value = try container.decodeIfPresent(Value.self, forKey: key) { self[keyPath: keyPath] = value }
        }
        try read(.idleTimeout, \.idleTimeout)
        try read(.readTimeout, \.readTimeout)
        try read(.maxConnections, \.maxConnections)
        try read(.workThreads, \.workThreads)
        try read(.workQueue, \.workQueue)
        try read(.scanTimeout, \.scanTimeout)
        try read(.publicPerMinute, \.publicPerMinute)
        try read(.signInPerMinute, \.signInPerMinute)
        try read(.signInPerUserPerMinute, \.signInPerUserPerMinute)
        try read(.behindProxy, \.behindProxy)
        try read(.reportSeconds, \.reportSeconds)
    }
}
