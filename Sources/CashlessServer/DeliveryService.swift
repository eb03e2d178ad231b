import Foundation
import Ledger
import Logging
import Operations
import ServiceLifecycle

/// Beside the HTTP service: sends the receipts the outbox holds (``Operations/DeliverySender``).
/// It sends at once when a commit queued a delivery (the ledger's doorbell), and otherwise
/// wakes when the next retry is due, or every ``interval`` at the latest (another server may
/// have queued one). Several servers may run it on one database: each delivery is claimed by
/// one of them.
struct DeliveryService: Service {
    let sender: DeliverySender
    let interval: Duration
    let logger: Logger

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    if await round() { continue }
                    await sender.ledger.deliveryBell.wait(upTo: await pause())
                }
            }
        } catch is CancellationError {
            // Shutting down: what is queued stays queued, and a claim held now runs out for another server.
        }
    }

    /// One round; true when it had a full batch (more may be due at once).
    func round() async -> Bool {
        do {
            let attempts = try await sender.sendDue(limit: 10)
            for attempt in attempts {
                let metadata: Logger.Metadata = [
                    "delivery": "\(attempt.delivery.id)", "channel": "\(attempt.delivery.channel.rawValue)",
                    "receipt": "\(attempt.delivery.receiptId)", "attempt": "\(attempt.delivery.attempts)",
                ]
                switch attempt.outcome {
                case .sent: logger.info("receipt delivered", metadata: metadata)
                case .retry(_, let reason): logger.warning("receipt delivery failed, to be retried: \(reason)", metadata: metadata)
                case .failed(let reason): logger.error("receipt delivery failed for good: \(reason)", metadata: metadata)
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
