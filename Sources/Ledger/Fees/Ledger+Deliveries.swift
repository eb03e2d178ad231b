import Foundation
import Rules
import SQLKit

extension Ledger {
    /// The columns every new delivery is written with; an automatic one adds `automatic`, a
    /// person's resend who asked and the key of their request.
    static let deliveryInsertColumns = [
        "unit_id", "receipt_id", "bill_id", "channel", "target", "status", "attempts", "next_attempt_at", "created_at", "updated_at",
    ]

    static let deliveryColumns = propertyColumns([
        "id", "unit_id", "receipt_id", "bill_id", "channel", "target", "status", "attempts", "next_attempt_at", "last_error",
        "created_at", "updated_at", "sent_at", "requested_by",
    ])

    /// Queues, inside the transaction that stores `receipts`, the delivery of each receipt that
    /// settles a bill with a contact: an email when the bill has the payer's email, a callback
    /// to the unit's gateway when it has the payer's phone and the unit has a gateway. One
    /// automatic delivery per receipt and channel (a unique index). Returns how many were queued.
    @discardableResult
    static func queueDeliveries(for receipts: [Receipt], in database: any SQLDatabase) async throws -> Int {
        let settling = receipts.filter { $0.billId != nil && $0.supersedesId == nil }
        guard !settling.isEmpty else { return 0 }
        let contacts = Dictionary(
            try await database.select().column("id").column(SQLColumn("payer_email"), as: "email").column(SQLColumn("payer_phone"), as: "phone")
                .from("bills").where("id", .in, Array(Set(settling.compactMap(\.billId))))
                .where { $0.where("payer_email", .isNot, SQLLiteral.null).orWhere("payer_phone", .isNot, SQLLiteral.null) }
                .all(decoding: ContactRow.self).map { ($0.id, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        guard !contacts.isEmpty else { return 0 }
        let gateways = Set(
            try await database.select().column("unit_id").from("unit_callbacks").where("unit_id", .in, Array(Set(settling.map(\.unitId))))
                .all(decodingColumn: "unit_id", as: Int64.self)
        )
        let insert = database.insert(into: "deliveries")
            .columns(Self.deliveryInsertColumns + ["automatic"])
        var count = 0
        for receipt in settling {
            guard let billId = receipt.billId, let contact = contacts[billId] else { continue }
            var targets: [(Delivery.Channel, String)] = []
            if let email = contact.email { targets.append((.email, email)) }
            if let phone = contact.phone, gateways.contains(receipt.unitId) { targets.append((.callback, phone)) }
            for (channel, target) in targets {
                insert.values(
                    SQLBind(receipt.unitId),
                    SQLBind(receipt.id),
                    SQLBind(billId),
                    SQLBind(channel.rawValue),
                    SQLBind(target),
                    SQLBind(Delivery.Status.queued.rawValue),
                    SQLBind(Int64(0)),
                    SQLBind(receipt.issuedAt),
                    SQLBind(receipt.issuedAt),
                    SQLBind(receipt.issuedAt),
                    SQLBind(Int64(1))
                )
                count += 1
            }
        }
        if count > 0 { try await insert.run() }
        return count
    }

    /// Claims up to `limit` deliveries of `channels` that are due (queued and their time come, or
    /// held by a sender whose lease ran out), for `lease`: each by one conditional update, so of
    /// several senders, on one server or many, one alone gets each (a few more candidates are
    /// read than `limit`, so a sender that loses a race for one takes the next). The attempt is
    /// counted now.
    public func claimDueDeliveries(
        channels: [Delivery.Channel],
        limit: Int = 10,
        lease: Duration = .seconds(600)
    ) async throws -> [ClaimedDelivery] {
        guard !channels.isEmpty else { return [] }
        let now = self.now()
        let until = now.addingTimeInterval(TimeInterval(lease.components.seconds))
        return try await backend.withDatabase(logger: logger) { database in
            let candidates = try await Self.due(database.select().column("id").from("deliveries"), channels: channels, now: now)
                .orderBy("next_attempt_at").orderBy("id").limit(limit + 4)
                .all(decodingColumn: "id", as: Int64.self)
            var claimed: [ClaimedDelivery] = []
            for id in candidates where claimed.count < limit {
                let token = UUID().uuidString
                let update = database.update("deliveries")
                    .set("status", to: Delivery.Status.sending.rawValue).set("lease_until", to: until).set("lease_token", to: token)
                    .set(SQLIdentifier("attempts"), to: SQLRaw("attempts + 1")).set("updated_at", to: now)
                    .where("id", .equal, id)
                guard
                    let row = try await Self.due(update, channels: channels, now: now).returning(Self.deliveryColumns)
                        .first(decoding: DeliveryRow.self)
                else { continue }
                claimed.append(ClaimedDelivery(delivery: row.delivery, lease: token))
            }
            return claimed
        }
    }

    /// `query` limited to the deliveries of `channels` due at `now`.
    private static func due<Query: SQLPredicateBuilder>(_ query: Query, channels: [Delivery.Channel], now: Date) -> Query {
        query.where("channel", .in, channels.map(\.rawValue))
            .where("status", .in, [Delivery.Status.queued.rawValue, Delivery.Status.sending.rawValue])
            .where("next_attempt_at", .lessThanOrEqual, SQLBind(now))
            .where { $0.where("lease_until", .is, SQLLiteral.null).orWhere("lease_until", .lessThan, SQLBind(now)) }
    }

    /// Records what became of a claimed delivery's attempt, unless its lease was lost (another
    /// sender took it over): whether it was recorded.
    @discardableResult
    public func finishDelivery(_ claimed: ClaimedDelivery, _ outcome: DeliveryOutcome) async throws -> Bool {
        let now = self.now()
        return try await backend.withDatabase(logger: logger) { database in
            let update = database.update("deliveries").set("lease_until", to: Date?.none).set("lease_token", to: String?.none)
                .set("updated_at", to: now)
            switch outcome {
            case .sent:
                update.set("status", to: Delivery.Status.sent.rawValue).set("sent_at", to: now).set("last_error", to: String?.none)
            case let .retry(at, reason):
                update.set("status", to: Delivery.Status.queued.rawValue).set("next_attempt_at", to: at)
                    .set("last_error", to: String(reason.prefix(Self.deliveryErrorLimit)))
            case .failed(let reason):
                update.set("status", to: Delivery.Status.failed.rawValue).set("last_error", to: String(reason.prefix(Self.deliveryErrorLimit)))
            }
            return try await update.where("id", .equal, claimed.delivery.id).where("lease_token", .equal, claimed.lease)
                .returning("id").first() != nil
        }
    }

    /// The longest reason kept for a delivery's failure.
    static let deliveryErrorLimit = 1000

    /// Notes on the queued deliveries of `channel` never attempted why they are not (no mail
    /// server is configured): they stay queued, for when one is. A delivery attempted before
    /// keeps the reason its last attempt failed. By the index on (channel, status, next_attempt_at).
    public func noteDeliveriesWaiting(channel: Delivery.Channel, reason: String) async throws {
        try await backend.withDatabase(logger: logger) { database in
            try await database.update("deliveries").set("last_error", to: reason)
                .where("channel", .equal, channel.rawValue).where("status", .equal, Delivery.Status.queued.rawValue)
                .where("attempts", .equal, SQLBind(Int64(0)))
                .where { $0.where("last_error", .is, SQLLiteral.null).orWhere("last_error", .notEqual, reason) }
                .run()
        }
    }

    /// When the next queued delivery of `channels` is due; nil when none is queued.
    public func nextDeliveryDue(channels: [Delivery.Channel]) async throws -> Date? {
        guard !channels.isEmpty else { return nil }
        return try await backend.withDatabase(logger: logger) { database in
            try await database.select().column("next_attempt_at").from("deliveries")
                .where("channel", .in, channels.map(\.rawValue)).where("status", .equal, Delivery.Status.queued.rawValue)
                .orderBy("next_attempt_at").limit(1)
                .first(decodingColumn: "next_attempt_at", as: Date.self)
        }
    }

    /// The deliveries of bill `billId`, oldest first.
    public func deliveries(bill billId: Int64) async throws -> [Delivery] {
        try await backend.withDatabase(logger: logger) { database in
            try await database.select().columns(Self.deliveryColumns).from("deliveries").where("bill_id", .equal, billId)
                .orderBy("id").all(decoding: DeliveryRow.self).map(\.delivery)
        }
    }

    /// The delivery with `id`.
    public func delivery(_ id: Int64) async throws -> Delivery? {
        try await backend.withDatabase(logger: logger) { database in
            try await database.select().columns(Self.deliveryColumns).from("deliveries").where("id", .equal, id)
                .first(decoding: DeliveryRow.self)?.delivery
        }
    }

    /// Unit `unitId`'s deliveries that failed for good and were not sent since by the same
    /// channel (a resend that went through clears them), newest first, at most `limit`.
    public func failedDeliveries(unit unitId: Int64, limit: Int = 50) async throws -> [Delivery] {
        try await backend.withDatabase(logger: logger) { database in
            try await database.select().columns(Self.deliveryColumns).from("deliveries")
                .where("unit_id", .equal, unitId).where("status", .equal, Delivery.Status.failed.rawValue)
                .where(
                    SQLRaw(
                        "NOT EXISTS (SELECT 1 FROM deliveries later WHERE later.receipt_id = deliveries.receipt_id AND later.channel = deliveries.channel AND later.id > deliveries.id)"
                    )
                )
                .orderBy("id", .descending).limit(limit).all(decoding: DeliveryRow.self).map(\.delivery)
        }
    }

    /// A person asks for bill `billId`'s receipt (the one that stands, when it was replaced) to be
    /// sent again, by `channels` (every channel the bill's contacts and the unit's gateway allow,
    /// when nil): one new delivery per channel, queued now. With `key` (an idempotency key, a
    /// page form's one-time token) used before, nothing is queued and the deliveries it queued are
    /// returned with `created` false. A bill without a receipt, or a channel it has no contact
    /// for, is refused and nothing is queued.
    public func resendReceipt(
        bill billId: Int64,
        unit unitId: Int64,
        channels requested: [Delivery.Channel]?,
        key: String?,
        by author: String
    ) async throws -> (deliveries: [Delivery], created: Bool) {
        if let key, key.isEmpty || key.count > 200 {
            throw LedgerError.invalid([
                FieldProblem(field: "Idempotency-Key", reason: "khóa dài từ 1 đến 200 ký tự (must be 1 to 200 characters)")
            ])
        }
        let now = self.now()
        let result: ([Delivery], Bool)
        do {
            result = try await queueResend(bill: billId, unit: unitId, channels: requested, key: key, by: author, at: now)
        } catch let error where !(error is LedgerError) {
            // A request with the same key for another bill committed first (the unique index
            // refused this one): answered as that key says, a replay or a refusal, never a 500.
            guard let key, try await requestKeyUsed(key, unit: unitId) else { throw error }
            result = try await queueResend(bill: billId, unit: unitId, channels: requested, key: key, by: author, at: now)
        }
        if result.1 { deliveryBell.ring() }
        return result
    }

    /// Whether unit `unitId` queued a resend under `key`.
    private func requestKeyUsed(_ key: String, unit unitId: Int64) async throws -> Bool {
        try await backend.withDatabase(logger: logger) { database in
            try await database.select().column("id").from("deliveries").where("unit_id", .equal, unitId)
                .where("request_key", .in, Delivery.Channel.allCases.map { "\(key):\($0.rawValue)" }).first() != nil
        }
    }

    /// The transaction of ``resendReceipt(bill:unit:channels:key:by:)``.
    private func queueResend(
        bill billId: Int64,
        unit unitId: Int64,
        channels requested: [Delivery.Channel]?,
        key: String?,
        by author: String,
        at now: Date
    ) async throws -> ([Delivery], Bool) {
        try await backend.transaction(logger: logger) { database -> ([Delivery], Bool) in
            // The bill's row lock first: two requests with one key (a double submit) queue one
            // after the other, and the second finds what the first queued.
            guard
                let bill = try await database.select().columns(Self.billColumns).from("bills").where("id", .equal, billId)
                    .where("unit_id", .equal, unitId).for(.update).first(decoding: BillRow.self)?.bill
            else { throw LedgerError.notFound(.bill, id: billId) }
            if let key {
                let earlier = try await database.select().columns(Self.deliveryColumns).from("deliveries")
                    .where("unit_id", .equal, unitId).where("request_key", .in, Delivery.Channel.allCases.map { "\(key):\($0.rawValue)" })
                    .orderBy("id").all(decoding: DeliveryRow.self).map(\.delivery)
                if !earlier.isEmpty {
                    guard earlier.allSatisfy({ $0.billId == billId }) else {
                        throw LedgerError.invalid([
                            FieldProblem(
                                field: "Idempotency-Key",
                                code: .idempotencyKeyReused,
                                reason:
                                    "khóa này đã dùng cho một yêu cầu khác (phiếu khác): yêu cầu mới cần khóa mới (was used before for another request, another bill: a new request takes a new key)"
                            )
                        ])
                    }
                    if let requested, Set(earlier.map(\.channel)) != Set(requested) {
                        throw LedgerError.invalid([
                            FieldProblem(
                                field: "Idempotency-Key",
                                code: .idempotencyKeyReused,
                                reason:
                                    "khóa này đã dùng cho một yêu cầu gửi qua kênh khác: yêu cầu mới cần khóa mới (was used before for another channel: a new request takes a new key)"
                            )
                        ])
                    }
                    return (earlier, false)
                }
            }
            guard var receiptId = bill.receiptId else {
                throw LedgerError.conflict(
                    FieldProblem(
                        field: "bill",
                        reason: "phiếu \(bill.code) chưa có biên lai: chưa có gì để gửi (bill \(bill.code) has no receipt yet: nothing to send)"
                    )
                )
            }
            // The receipt that stands: the last of the ones that replaced or adjusted it.
            while let later = try await database.select().column("id").from("receipts").where("supersedes_id", .equal, receiptId)
                .orderBy("id", .descending).first(decodingColumn: "id", as: Int64.self)
            {
                receiptId = later
            }
            let hasGateway = try await database.select().column("unit_id").from("unit_callbacks").where("unit_id", .equal, unitId).first() != nil
            var targets: [(Delivery.Channel, String)] = []
            var problems: [FieldProblem] = []
            for channel in requested ?? Delivery.Channel.allCases {
                switch channel {
                case .email:
                    if let email = bill.payerEmail {
                        targets.append((.email, email))
                    } else if requested != nil {
                        problems.append(
                            FieldProblem(
                                field: "channel",
                                reason: "phiếu \(bill.code) không có email của người nộp (bill \(bill.code) has no payer email)"
                            )
                        )
                    }
                case .callback:
                    if let phone = bill.payerPhone, hasGateway {
                        targets.append((.callback, phone))
                    } else if requested != nil {
                        let why =
                            bill.payerPhone == nil
                            ? "phiếu \(bill.code) không có số điện thoại của người nộp (bill \(bill.code) has no payer phone)"
                            : "đơn vị chưa cấu hình cổng nhắn tin (the unit has no messaging gateway, callback)"
                        problems.append(FieldProblem(field: "channel", reason: why))
                    }
                }
            }
            guard problems.isEmpty else { throw LedgerError.invalid(problems) }
            guard !targets.isEmpty else {
                throw LedgerError.conflict(
                    FieldProblem(
                        field: "channel",
                        reason:
                            "phiếu \(bill.code) không có email, cũng không có số điện thoại với cổng nhắn tin: không có nơi gửi (bill \(bill.code) has no email, nor a phone with a messaging gateway: nowhere to send)"
                    )
                )
            }
            var queued: [Delivery] = []
            for (channel, target) in targets {
                let row = try await database.insert(into: "deliveries")
                    .columns(Self.deliveryInsertColumns + ["requested_by", "request_key"])
                    .values(
                        SQLBind(unitId),
                        SQLBind(receiptId),
                        SQLBind(billId),
                        SQLBind(channel.rawValue),
                        SQLBind(target),
                        SQLBind(Delivery.Status.queued.rawValue),
                        SQLBind(Int64(0)),
                        SQLBind(now),
                        SQLBind(now),
                        SQLBind(now),
                        SQLBind(author),
                        SQLBind(key.map { "\($0):\(channel.rawValue)" })
                    )
                    .returning(Self.deliveryColumns).first(decoding: DeliveryRow.self)
                queued.append(try expect(row, "the delivery just queued").delivery)
            }
            return (queued, true)
        }
    }
}

extension Ledger {
    /// Unit `unitId`'s messaging gateway; nil when it has none.
    public func unitCallback(unit unitId: Int64) async throws -> UnitCallback? {
        try await backend.withDatabase(logger: logger) { database in
            try await database.select().column(SQLColumn("unit_id"), as: "unitId").column("url")
                .column(SQLColumn("secret"), as: "sealedSecret").column(SQLColumn("updated_at"), as: "updatedAt")
                .column(SQLColumn("updated_by"), as: "updatedBy")
                .from("unit_callbacks").where("unit_id", .equal, unitId)
                .first(decoding: CallbackRow.self)?.callback
        }
    }

    /// Sets a unit's messaging gateway (its URL and sealed secret), replacing the one it had.
    public func setUnitCallback(_ callback: UnitCallback) async throws {
        try await backend.withDatabase(logger: logger) { database in
            try await database.insert(into: "unit_callbacks")
                .columns("unit_id", "url", "secret", "updated_at", "updated_by")
                .values(
                    SQLBind(callback.unitId),
                    SQLBind(callback.url),
                    SQLBind(callback.sealedSecret),
                    SQLBind(callback.updatedAt),
                    SQLBind(callback.updatedBy)
                )
                .onConflict(with: ["unit_id"]) { update in
                    update.set(excludedValueOf: "url").set(excludedValueOf: "secret").set(excludedValueOf: "updated_at")
                        .set(excludedValueOf: "updated_by")
                }
                .run()
        }
    }

    /// Removes a unit's messaging gateway; whether it had one. Callbacks still queued fail, saying so.
    @discardableResult
    public func removeUnitCallback(unit unitId: Int64) async throws -> Bool {
        try await backend.withDatabase(logger: logger) { database in
            try await database.delete(from: "unit_callbacks").where("unit_id", .equal, unitId).returning("unit_id").first() != nil
        }
    }
}

/// A bill's contacts, as queueing reads them.
private struct ContactRow: Decodable {
    var id: Int64
    var email: String?
    var phone: String?
}

private struct CallbackRow: Decodable {
    var unitId: Int64
    var url: String
    var sealedSecret: String
    var updatedAt: Date
    var updatedBy: String

    var callback: UnitCallback {
        UnitCallback(unitId: unitId, url: url, sealedSecret: sealedSecret, updatedAt: updatedAt, updatedBy: updatedBy)
    }
}

/// A `deliveries` row.
struct DeliveryRow: Decodable {
    var id: Int64
    var unitId: Int64
    var receiptId: Int64
    var billId: Int64?
    var channel: Delivery.Channel
    var target: String
    var status: Delivery.Status
    var attempts: Int64
    var nextAttemptAt: Date
    var lastError: String?
    var createdAt: Date
    var updatedAt: Date
    var sentAt: Date?
    var requestedBy: String?

    var delivery: Delivery {
        Delivery(
            id: id,
            unitId: unitId,
            receiptId: receiptId,
            billId: billId,
            channel: channel,
            target: target,
            status: status,
            attempts: attempts,
            nextAttemptAt: nextAttemptAt,
            lastError: lastError,
            createdAt: createdAt,
            updatedAt: updatedAt,
            sentAt: sentAt,
            requestedBy: requestedBy
        )
    }
}
