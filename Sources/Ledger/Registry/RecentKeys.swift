import Synchronization

/// The API keys read in the last few seconds, so that a client sending many requests does not
/// have its key read from the database for each one. A key revoked through this ledger is
/// forgotten at once; one revoked through another server sharing the database stops working
/// here within ``freshness``.
final class RecentKeys: Sendable {
    /// How long a key read stays trusted without reading it again.
    static let freshness = Duration.seconds(5)
    /// The most keys kept; past it the oldest reads are dropped.
    static let capacity = 10_000

    private struct Entry {
        var key: APIKey
        var readAt: ContinuousClock.Instant
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// The key with this secret hash, if it was read less than ``freshness`` ago.
    func key(hash: String) -> APIKey? {
        let now = ContinuousClock.now
        return entries.withLock { entries in
            guard let entry = entries[hash] else { return nil }
            guard now - entry.readAt < Self.freshness else {
                entries[hash] = nil
                return nil
            }
            return entry.key
        }
    }

    /// Keeps an active key just read.
    func keep(_ key: APIKey, hash: String) {
        let now = ContinuousClock.now
        entries.withLock { entries in
            if entries.count >= Self.capacity {
                entries = entries.filter { now - $0.value.readAt < Self.freshness }
                if entries.count >= Self.capacity { entries.removeAll() }
            }
            entries[hash] = Entry(key: key, readAt: now)
        }
    }

    /// Forgets the key with `id` (it was just revoked).
    func forget(keyId: Int64) {
        entries.withLock { entries in entries = entries.filter { $0.value.key.id != keyId } }
    }
}

/// The kind and commune of each unit read: both are fixed once a unit is registered, and units
/// are never deleted, so what is kept never goes stale.
final class UnitScopes: Sendable {
    private let scopes = Mutex<[Int64: UnitScope]>([:])

    subscript(id: Int64) -> UnitScope? {
        scopes.withLock { $0[id] }
    }

    func keep(_ scope: UnitScope) {
        scopes.withLock { $0[scope.id] = scope }
    }
}
