/// An error of another module that has an HTTP meaning: ``ProblemMiddleware`` answers it as its
/// ``problem``. Each module's errors get theirs once, in a file named for the pair
/// (`LedgerError+Problem.swift`), as Hummingbird's `NIOCore+HTTPResponseError.swift` does.
protocol ProblemConvertible: Error {
    /// The answer to send.
    var problem: APIProblem { get }
}
