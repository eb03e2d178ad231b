import Foundation
import Ledger
import Messaging
import Printing
import VietQR

/// Sends the receipts the outbox holds: claims the deliveries that are due, one at a time, each
/// just before it is tried (``Ledger/claimDueDeliveries(channels:limit:lease:)``: one sender alone
/// gets each, whatever the number of servers), emails the PDF of the receipt that stands or posts
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
        /// What the operator's log needs beyond the reason stored (an unexpected error's detail).
        public var detail: String?
        /// Whether the outcome was recorded (false: the lease was lost, or recording failed).
        public var recorded: Bool
    }

    /// The lease a claim takes: the policy's, and never less than twelve times an attempt's
    /// longest step (an email's whole conversation is bounded by ten of them).
    public var lease: Duration {
        let step = smtp?.timeout ?? .seconds(30)
        return max(policy.lease, step * 12)
    }

    /// One round: claims a due delivery and attempts it, then the next, up to `limit`, until none
    /// is due or `stopping` says to stop (a graceful shutdown). One claim at a time: a delivery is
    /// tried as soon as it is claimed, well within its lease, and none waits claimed behind
    /// another. An outcome that cannot be recorded is in the attempt (`recorded` false); the
    /// round goes on. Returns the attempts.
    public func sendDue(limit: Int = 10, stopping: @Sendable () -> Bool = { false }) async throws -> [Attempt] {
        if smtp == nil { try await ledger.noteDeliveriesWaiting(channel: .email, reason: Self.noMailServer) }
        var attempts: [Attempt] = []
        while attempts.count < limit, !stopping() {
            guard let claim = try await ledger.claimDueDeliveries(channels: channels, limit: 1, lease: lease).first else { break }
            let (outcome, detail) = await attempt(claim.delivery)
            var recorded = false
            var note = detail
            do {
                recorded = try await ledger.finishDelivery(claim, outcome)
            } catch {
                note = [detail, "recording the outcome failed: \(String(reflecting: error))"].compactMap { $0 }.joined(separator: "; ")
            }
            attempts.append(Attempt(delivery: claim.delivery, outcome: outcome, detail: note, recorded: recorded))
        }
        return attempts
    }

    /// When the next queued delivery is due; nil when none is.
    public func nextDue() async throws -> Date? {
        try await ledger.nextDeliveryDue(channels: channels)
    }

    /// What the log says of an attempt that failed in a way the sender does not know.
    public static let unexpectedFailure = "lỗi không lường trước khi gửi, chi tiết trong nhật ký máy chủ (unexpected error, see the server's log)"

    /// Sends `delivery` (whose attempt was counted when it was claimed) and says what became of
    /// it, with an unexpected error's detail for the operator's log.
    func attempt(_ delivery: Delivery) async -> (DeliveryOutcome, String?) {
        let reason: String
        var detail: String?
        do {
            switch delivery.channel {
            case .email: try await email(delivery)
            case .callback: try await callback(delivery)
            }
            return (.sent, nil)
        } catch let error as SMTPError where error.isPermanent {
            return (.failed(reason: error.description), nil)
        } catch let error as CallbackError where error.isPermanent {
            return (.failed(reason: error.description), nil)
        } catch let error as DeliveryRefusal {
            return (.failed(reason: error.description), nil)
        } catch let error as SMTPError {
            reason = error.description
        } catch let error as CallbackError {
            reason = error.description
        } catch {
            reason = Self.unexpectedFailure
            detail = String(reflecting: error)
        }
        guard let wait = policy.delay(afterAttempt: delivery.attempts) else {
            return (.failed(reason: "đã thử \(delivery.attempts) lần (gave up after \(delivery.attempts) attempts): \(reason)"), detail)
        }
        return (.retry(at: Date().addingTimeInterval(TimeInterval(wait.components.seconds)), reason: reason), detail)
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
            date: Date(),
            messageID: ReceiptEmail.messageID(delivery: delivery.id, unit: delivery.unitId, created: delivery.createdAt, from: smtp.from)
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

    /// The receipt that stands now (the last that replaced or adjusted the delivery's receipt:
    /// a receipt replaced while its delivery waited is not the one sent), its unit and its bill.
    private func records(_ delivery: Delivery) async throws -> (Receipt, CommuneUnit, Bill?) {
        let receipt = try await ledger.standingReceipt(from: delivery.receiptId)
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
