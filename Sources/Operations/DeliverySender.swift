import Foundation
import Ledger
import Messaging
import Printing
import VietQR

/// Sends the receipts the outbox holds: claims the deliveries that are due (``Ledger/claimDueDeliveries(channels:limit:lease:)``:
/// one sender alone gets each, whatever the number of servers), emails the receipt's PDF or posts
/// the unit's gateway, and records what became of it: sent; failed for now, to be tried again
/// after the policy's wait; or failed for good (refused by the server, or out of attempts), with
/// the reason the bursar sees. Without a mail server configured, emails wait, saying so.
public struct DeliverySender: Sendable {
    public var ledger: Ledger
    public var banks: BankDirectory
    /// Nil: no mail server (`CASHLESS_SMTP_URL` not set); emails stay queued.
    public var smtp: SMTPSettings?
    /// `https://…`, no trailing slash: the payer's link and the verify link are under it.
    public var publicURL: String
    public var secrets: HookSecrets
    public var policy: DeliveryPolicy

    public init(ledger: Ledger, banks: BankDirectory, smtp: SMTPSettings?, publicURL: String, secrets: HookSecrets, policy: DeliveryPolicy) {
        self.ledger = ledger
        self.banks = banks
        self.smtp = smtp
        self.publicURL = publicURL
        self.secrets = secrets
        self.policy = policy
    }

    /// What the log says of an email while no mail server is configured.
    public static let noMailServer = "chưa cấu hình máy chủ thư: đặt CASHLESS_SMTP_URL để gửi (no SMTP server configured)"

    /// The channels this sender can send.
    public var channels: [Delivery.Channel] { smtp == nil ? [.callback] : [.email, .callback] }

    /// One attempt and what became of it.
    public struct Attempt: Sendable {
        public var delivery: Delivery
        public var outcome: DeliveryOutcome
    }

    /// One round: claims up to `limit` due deliveries and attempts each. Returns the attempts.
    public func sendDue(limit: Int = 10) async throws -> [Attempt] {
        if smtp == nil { try await ledger.noteDeliveriesWaiting(channel: .email, reason: Self.noMailServer) }
        let claimed = try await ledger.claimDueDeliveries(channels: channels, limit: limit, lease: policy.lease)
        var attempts: [Attempt] = []
        for claim in claimed {
            let outcome = await attempt(claim.delivery)
            try await ledger.finishDelivery(claim, outcome)
            attempts.append(Attempt(delivery: claim.delivery, outcome: outcome))
        }
        return attempts
    }

    /// When the next queued delivery is due; nil when none is.
    public func nextDue() async throws -> Date? {
        try await ledger.nextDeliveryDue(channels: channels)
    }

    /// Sends `delivery` (whose attempt was counted when it was claimed) and says what became of it.
    func attempt(_ delivery: Delivery) async -> DeliveryOutcome {
        do {
            switch delivery.channel {
            case .email: try await email(delivery)
            case .callback: try await callback(delivery)
            }
            return .sent
        } catch let error as SMTPError where error.isPermanent {
            return .failed(reason: error.description)
        } catch let error as CallbackError where error.isPermanent {
            return .failed(reason: error.description)
        } catch let error as DeliveryRefusal {
            return .failed(reason: error.description)
        } catch {
            let reason = "\(error)"
            guard let wait = policy.delay(afterAttempt: delivery.attempts) else {
                return .failed(reason: "đã thử \(delivery.attempts) lần (gave up after \(delivery.attempts) attempts): \(reason)")
            }
            return .retry(at: Date().addingTimeInterval(TimeInterval(wait.components.seconds)), reason: reason)
        }
    }

    private func email(_ delivery: Delivery) async throws {
        guard let smtp else { throw DeliveryRefusal(description: Self.noMailServer) }
        let (receipt, unit, bill) = try await records(delivery)
        let document = try await ReceiptDocuments.document(
            of: receipt,
            unit: unit,
            ledger: ledger,
            banks: banks,
            verifyURL: { VerifyLink.url(seal: $0, publicURL: publicURL) }
        )
        let pdf = try document.pdf(paper: .a5)
        let message = ReceiptEmail.message(
            receipt,
            unit: unit,
            billCode: bill?.code,
            payerLink: bill?.payToken.map { PayerLink.url($0, publicURL: publicURL) },
            verifyURL: VerifyLink.url(seal: receipt.seal, publicURL: publicURL),
            pdf: pdf,
            to: delivery.target,
            from: smtp,
            date: Date()
        )
        try await SMTPClient(settings: smtp).send(message)
    }

    private func callback(_ delivery: Delivery) async throws {
        guard let gateway = try await ledger.unitCallback(unit: delivery.unitId) else {
            throw DeliveryRefusal(description: "đơn vị chưa cấu hình cổng nhắn tin (the unit has no callback configured)")
        }
        let (receipt, unit, bill) = try await records(delivery)
        let payload = ReceiptCallback(
            delivery: delivery,
            receipt: receipt,
            unit: unit,
            billCode: bill?.code,
            link: bill?.payToken.map { PayerLink.url($0, publicURL: publicURL) },
            verifyURL: VerifyLink.url(seal: receipt.seal, publicURL: publicURL)
        )
        let body = try payload.body()
        let secret = try UnitCallbacks.secret(of: gateway, secrets: secrets)
        try await CallbackPoster.post(
            url: gateway.url,
            body: body,
            headers: ReceiptCallback.headers(body: body, secret: secret, time: Date(), deliveryId: delivery.id),
            timeout: smtp?.timeout ?? .seconds(30)
        )
    }

    private func records(_ delivery: Delivery) async throws -> (Receipt, CommuneUnit, Bill?) {
        let receipt = try await ledger.receipt(delivery.receiptId)
        let unit = try await ledger.unit(delivery.unitId)
        let bill = try await delivery.billId.asyncMap { try await ledger.bill($0) }
        return (receipt, unit, bill)
    }
}

/// A delivery that cannot be made and that no retry would change (no gateway configured).
struct DeliveryRefusal: Error, CustomStringConvertible {
    var description: String
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
