/// Lets requests that arrive together be committed together: the group commit of receipts.
///
/// Requests queue per group (a unit). When no batch of the group is being committed, the queue
/// is taken, up to ``limit`` requests, and handed to the commit function at once, which answers
/// each request (in one transaction: a few statements and one durable commit for them all).
/// Requests that arrive meanwhile wait for the next batch. Every caller is answered only with
/// its batch's outcome, so nothing is acknowledged before its commit is done.
///
/// One group's batches follow each other; groups do not wait for each other here.
actor GroupCommit<Request: Sendable, Outcome: Sendable> {
    /// Commits a batch: one outcome per request, in their order.
    typealias Commit = @Sendable ([Request]) async -> [Result<Outcome, any Error>]

    private struct Waiting {
        let request: Request
        let caller: CheckedContinuation<Outcome, any Error>
    }

    private struct Queue {
        var waiting: [Waiting]
        let commit: Commit
    }

    /// The most requests one batch takes.
    let limit: Int
    private var queues: [Int64: Queue] = [:]

    init(limit: Int = 64) {
        self.limit = limit
    }

    /// Queues `request` in `group` and returns its outcome once its batch is committed. `commit`
    /// commits a batch of the group; it must be the same for every request of the group.
    func submit(_ request: Request, group: Int64, commit: @escaping Commit) async throws -> Outcome {
        try await withCheckedThrowingContinuation { caller in
            let waiting = Waiting(request: request, caller: caller)
            if queues[group] != nil {
                queues[group]!.waiting.append(waiting)
            } else {
                // No batch of the group is being committed: this request starts one.
                queues[group] = Queue(waiting: [waiting], commit: commit)
                Task { await self.drain(group) }
            }
        }
    }

    /// Commits the group's queue, batch after batch, until it is empty.
    private func drain(_ group: Int64) async {
        while let queue = queues[group], !queue.waiting.isEmpty {
            let batch = Array(queue.waiting.prefix(limit))
            queues[group]!.waiting.removeFirst(batch.count)
            let outcomes = await queue.commit(batch.map(\.request))
            for (index, waiting) in batch.enumerated() {
                waiting.caller.resume(with: index < outcomes.count ? outcomes[index] : .failure(Unanswered()))
            }
        }
        queues[group] = nil
    }

    /// A commit function gave fewer outcomes than it had requests.
    struct Unanswered: Error {}
}
