import Operations

extension ExpensiveWork.Busy: ProblemConvertible {
    /// 503 with `Retry-After`: the expensive work's threads and queue are full; nothing was done.
    var problem: APIProblem { APIProblem(.serviceUnavailable, description, retryAfter: 2) }
}
