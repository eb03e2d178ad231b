import Foundation
import Ledger
import Logging
import Operations
import ServiceLifecycle
import Synchronization

/// Beside the HTTP service: sends the receipts the outbox holds (``Operations/DeliverySender``).
/// It sends at once when a commit queued a delivery (the ledger's doorbell), and otherwise
/// wakes when the next retry is due, or every ``interval`` at the latest (another server may
/// have queued one). Several servers may run it on one database: each delivery is claimed by
/// one of them.
struct DeliveryService: Service {
    let sender: DeliverySender
    let interval: Duration
    let logger: Logger

    /// Runs until a graceful shutdown, which stops it taking new work: an attempt in flight is
    /// finished and recorded (an email the server is taking is not cut off, nor sent again after
    /// the restart), and what is queued stays queued. Only a hard cancellation (the shutdown's
    /// own deadline passed) cuts an attempt short; its claim then runs out for another server.
    func run() async throws {
        let stopping = Stopping()
        let bell = sender.ledger.deliveryBell
        await withGracefulShutdownHandler {
            while !stopping.value, !Task.isCancelled {
                if await round(stopping: stopping) { continue }
                if stopping.value { break }
                await bell.wait(upTo: await pause())
            }
        } onGracefulShutdown: {
            stopping.set()
            bell.ring()
        }
    }

    /// One round; true when it had a full batch (more may be due at once).
    func round(stopping: Stopping = Stopping()) async -> Bool {
        do {
            let attempts = try await sender.sendDue(limit: 10, stopping: { stopping.value })
            for attempt in attempts {
                var metadata: Logger.Metadata = [
                    "delivery": "\(attempt.delivery.id)", "channel": "\(attempt.delivery.channel.rawValue)",
                    "receipt": "\(attempt.delivery.receiptId)", "attempt": "\(attempt.delivery.attempts)",
                ]
                if let detail = attempt.detail { metadata["error"] = "\(detail)" }
                switch attempt.outcome {
                case .sent: logger.info("receipt delivered", metadata: metadata)
                case .retry(_, let reason): logger.warning("receipt delivery failed, to be retried: \(reason)", metadata: metadata)
                case .failed(let reason): logger.error("receipt delivery failed for good: \(reason)", metadata: metadata)
                }
                if !attempt.recorded {
                    logger.error("the outcome of a delivery was not recorded (its lease was lost, or the database failed)", metadata: metadata)
                }
            }
            return attempts.count == 10
        } catch {
            logger.error("the deliveries due could not be read", metadata: ["error": "\(String(reflecting: error))"])
            return false
        }
    }

    /// Until the next retry is due, at most ``interval``, at least a fifth of a second.
    private func pause() async -> Duration {
        guard let next = try? await sender.nextDue() else { return interval }
        let seconds = max(0.2, next.timeIntervalSinceNow)
        return min(interval, .milliseconds(Int64(seconds * 1000)))
    }
}

/// Set once, when a graceful shutdown begins; read from any task.
final class Stopping: Sendable {
    private let state = Mutex(false)
    var value: Bool { state.withLock { $0 } }
    func set() { state.withLock { $0 = true } }
}
