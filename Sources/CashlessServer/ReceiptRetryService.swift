import Hummingbird
import Logging
import Operations
import ServiceLifecycle

/// Beside the HTTP service: every ``interval``, the receipts that wait (payments that paid their
/// bill when their receipt could not be sealed: the unit had no key yet, or the server that took
/// the notification could not read it) are tried again, oldest first, on every unit
/// (``Operations/Payments/receiptWaiting(unit:by:ledger:sealer:)``). Each payment is receipted at
/// most once, however many servers try at once.
struct ReceiptRetryService: Service {
    let services: AppServices
    let interval: Duration
    let logger: Logger

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while true {
                    try await Task.sleep(for: interval)
                    await retry()
                }
            }
        } catch is CancellationError {
            // Shutting down: the next start tries again.
        }
    }

    /// One round.
    func retry() async {
        do {
            let (issued, failures) = try await Payments.receiptWaiting(by: "receipt-retry", ledger: services.ledger, sealer: services.sealer)
            if !issued.isEmpty { logger.info("receipts that waited were issued", metadata: ["count": "\(issued.count)"]) }
            for failure in failures { failure.log(to: logger) }
        } catch {
            logger.error("the receipts that wait could not be read", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}
