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

    private struct State {
        /// Moves on at every revocation.
        var generation = 0
        var entries: [String: Entry] = [:]
    }

    private let state = Mutex(State())

    /// The key with this secret hash, if it was read less than ``freshness`` ago.
    func key(hash: String) -> APIKey? {
        let now = ContinuousClock.now
        return state.withLock { state in
            guard let entry = state.entries[hash] else { return nil }
            guard now - entry.readAt < Self.freshness else {
                state.entries[hash] = nil
                return nil
            }
            return entry.key
        }
    }

    /// Where reads stand now: pass it to ``keep(_:hash:readSince:)`` with what was read after.
    var generation: Int { state.withLock { $0.generation } }

    /// Keeps an active key read after `generation`, unless a key was revoked meanwhile (the read
    /// may have seen it before its revocation).
    func keep(_ key: APIKey, hash: String, readSince generation: Int) {
        let now = ContinuousClock.now
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= Self.capacity {
                state.entries = state.entries.filter { now - $0.value.readAt < Self.freshness }
                if state.entries.count >= Self.capacity { state.entries.removeAll() }
            }
            state.entries[hash] = Entry(key: key, readAt: now)
        }
    }

    /// Forgets the key with `id` (it was just revoked).
    func forget(keyId: Int64) {
        state.withLock { state in
            state.generation += 1
            state.entries = state.entries.filter { $0.value.key.id != keyId }
        }
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

/// Stalls read in the last few seconds, for drawing their codes again and again. Any change of
/// a stall through this ledger forgets them all (a read that began before the change is not
/// kept); a change through another server sharing the database shows here within ``freshness``.
final class RecentStalls: Sendable {
    static let freshness = Duration.seconds(5)
    static let capacity = 10_000

    private struct State {
        /// Moves on at every change of a stall.
        var generation = 0
        var entries: [Int64: (vendor: Vendor, readAt: ContinuousClock.Instant)] = [:]
    }

    private let state = Mutex(State())

    /// The stall `id` if it was read less than ``freshness`` ago and nothing changed since.
    func vendor(_ id: Int64) -> Vendor? {
        let now = ContinuousClock.now
        return state.withLock { state in
            guard let entry = state.entries[id], now - entry.readAt < Self.freshness else { return nil }
            return entry.vendor
        }
    }

    /// Where reads stand now: pass it to ``keep(_:readSince:)`` with what was read after.
    var generation: Int { state.withLock { $0.generation } }

    /// Keeps a stall read after `generation`, unless a stall changed meanwhile.
    func keep(_ vendor: Vendor, readSince generation: Int) {
        let now = ContinuousClock.now
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= Self.capacity { state.entries.removeAll() }
            state.entries[vendor.id] = (vendor, now)
        }
    }

    /// Forgets every stall kept: one has changed.
    func forgetAll() {
        state.withLock { state in
            state.generation += 1
            state.entries.removeAll()
        }
    }
}
