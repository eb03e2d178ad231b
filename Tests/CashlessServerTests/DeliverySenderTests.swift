import Foundation
import Ledger
import Logging
import Messaging
import Operations
import ServiceLifecycle
import Testing

@testable import CashlessServer

@Suite(
    "The sender of receipts: one claim at a time, a graceful shutdown, a replaced receipt",
    .enabled(if: SMTPSink.enabled),
    .serialized
)
struct DeliverySenderTests {
    /// The statuses and attempts of the first delivery of each of `bills`.
    static func states(_ bills: [ContactedBill], _ app: Harness) async throws -> [String] {
        var states: [String] = []
        for bill in bills {
            let delivery = try await bill.deliveries(app).first
            states.append("\(delivery?.string("status") ?? "none") \(delivery?.int("attempts") ?? -1)")
        }
        return states
    }

    @Test(
        "a delivery is claimed just before it is tried: while one email is being sent, the next waits queued, unclaimed",
        arguments: ServerDatabase.all
    )
    func oneClaimAtATime(database: ServerDatabase) async throws {
        let sink = try SMTPSink(delay: 1.5)
        try await Harness.run(on: database, smtp: "smtp://127.0.0.1:\(sink.port)?from=thu@truong.edu.vn") { app in
            let bills = [try await ContactedBill.make(app), try await ContactedBill.make(app)]
            let round = Task { try await app.sender.sendDue() }
            #expect(try await eventually { sink.arrivals.count == 1 })
            #expect(try await Self.states(bills, app).sorted() == ["queued 0", "sending 1"], "the second is not held behind the first")
            let attempts = try await round.value
            #expect(attempts.count == 2 && attempts.allSatisfy { $0.outcome == .sent && $0.recorded })
            #expect(try await Self.states(bills, app) == ["sent 1", "sent 1"])
            #expect(sink.messages.count == 2)

            // The lease outlasts any attempt: twelve step timeouts at least, whatever the policy says.
            var short = app.sender
            short.policy = DeliveryPolicy(backoff: [], lease: .seconds(60))
            short.smtp?.timeout = .seconds(45)
            #expect(short.lease == .seconds(540) && (short.smtp?.deadline ?? .zero) < short.lease)
            #expect(app.sender.lease == .seconds(600))
        }
    }

    @Test(
        "a graceful shutdown lets the email in flight finish and be recorded sent, once, and claims nothing more",
        arguments: ServerDatabase.all
    )
    func gracefulShutdown(database: ServerDatabase) async throws {
        let sink = try SMTPSink(delay: 2)
        try await Harness.run(on: database, smtp: "smtp://127.0.0.1:\(sink.port)?from=thu@truong.edu.vn") { app in
            let bills = [try await ContactedBill.make(app), try await ContactedBill.make(app)]
            var logger = Logger(label: "cashless-test")
            logger.logLevel = .critical
            let service = DeliveryService(sender: app.sender, interval: .seconds(30), logger: logger)
            let group = ServiceGroup(configuration: .init(services: [service], gracefulShutdownSignals: [], logger: logger))
            let running = Task { try await group.run() }
            #expect(try await eventually { sink.arrivals.count == 1 })
            await group.triggerGracefulShutdown()
            try await running.value
            #expect(try await Self.states(bills, app).sorted() == ["queued 0", "sent 1"], "the first sent, the other never claimed")
            #expect(try await bills.asyncAllSatisfy { try await $0.deliveries(app).first?.string("lastError") == nil })
            #expect(sink.messages.count == 1 && sink.attempts.count == 1)
        }
    }

    @Test(
        "a receipt replaced while its email waited for the mail server: the replacement is what arrives, once",
        arguments: ServerDatabase.all
    )
    func replacedWhileWaiting(database: ServerDatabase) async throws {
        // Port 1 on this machine: no mail server there (and no test's server can take it), so the connection is refused.
        let down = 1
        let sink = try SMTPSink()
        let policy = DeliveryPolicy(backoff: [.seconds(1), .seconds(1)])
        try await Harness.run(on: database, smtp: "smtp://127.0.0.1:\(down)?from=thu@truong.edu.vn", deliveryPolicy: policy) { app in
            let paid = try await ContactedBill.make(app)
            let first = try await app.sender.sendDue()
            guard case .retry = first.first?.outcome else {
                Issue.record("the mail server is down: \(String(describing: first.first?.outcome))")
                return
            }
            let replaced = try await app.call(
                .post,
                "/v1/receipts/\(paid.receiptId)/replace",
                json: #"{"payerName": "Lê Văn Bình", "feeType": "Học phí tháng 9 (sửa)", "amount": 1250000, "method": "transfer"}"#
            )
            #expect(replaced.status == .created)
            let replacement = try replaced.json()
            var up = app.sender
            up.smtp = try SMTPSettings(url: "smtp://127.0.0.1:\(sink.port)?from=thu@truong.edu.vn")
            #expect(
                try await eventually {
                    _ = try await up.sendDue()
                    return sink.messages.count == 1
                }
            )
            let message = try #require(sink.messages.first)
            let number = String(repeating: "0", count: 7 - String(replacement.int("number")).count) + String(replacement.int("number"))
            #expect(message.subject.contains(number), "\(message.subject) names the replacement \(number)")
            #expect(message.text.contains("Học phí tháng 9 (sửa)"))
            #expect(try await up.sendDue().isEmpty)
            #expect(sink.messages.count == 1)
            #expect(try await paid.deliveries(app).count == 1)
        }
    }
}

extension Sequence {
    fileprivate func asyncAllSatisfy(_ predicate: (Element) async throws -> Bool) async rethrows -> Bool {
        for element in self where try await !predicate(element) { return false }
        return true
    }
}
