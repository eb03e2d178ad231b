/// Lets one task at a time through, in the order they arrived: the turn-taking on the single
/// SQLite connection, so that a transaction never interleaves with another task's statements.
actor SerialGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Waits until it is the caller's turn.
    func enter() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Ends the caller's turn and hands it to the next in line.
    func leave() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}

extension SerialGate {
    /// Runs `body` in the caller's turn.
    nonisolated func withTurn<R: Sendable>(_ body: () async throws -> R) async throws -> R {
        await enter()
        do {
            let result = try await body()
            await leave()
            return result
        } catch {
            await leave()
            throw error
        }
    }
}
