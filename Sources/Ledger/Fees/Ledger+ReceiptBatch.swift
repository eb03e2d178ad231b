import Foundation
import SQLKit

/// A receipt waiting to be issued with others of its unit.
struct IssueRequest: Sendable {
    /// Checked already.
    var receipt: NewReceipt
    var formCode: String?
    var idempotency: IdempotencyClaim?
    var author: String
    var seal: @Sendable (ReceiptDraft) throws -> ReceiptSealing
    /// For a replacement or adjustment: the original receipt's id.
    var supersedesId: Int64?
    /// For a replacement or adjustment: marks the original and names it, first in the transaction.
    var earlier: (@Sendable (any SQLDatabase) async throws -> (Receipt, Supersession)?)?

    /// Needs statements of its own: it settles a bill or supersedes a receipt.
    var needsItsOwnStatements: Bool { earlier != nil || receipt.billId != nil }
}

/// A unit issuing receipts, read in the transaction that issues them: what every seal needs.
struct Issuer: Sendable {
    var unit: CommuneUnit
    /// The key that seals; nil when the unit has none (the seal then refuses).
    var activeKey: IssuerKey?
}

/// A receipt numbered and sealed, ready to store.
struct ReceiptRecord: Sendable {
    var place: ReceiptNumber
    var receipt: NewReceipt
    var sealing: ReceiptSealing
    var supersedesId: Int64?
    var idempotency: IdempotencyClaim?
    /// The payment it receipts.
    var paymentId: Int64? = nil
    var author: String
}

/// A receipt issued under an idempotency key, and the fingerprint of the request that used the key
/// (nil for receipts stored before keys were bound to their requests).
struct KeyedReceipt: Sendable {
    var receipt: Receipt
    var fingerprint: String?
}

/// Where a receipt stands in its unit's numbering.
struct ReceiptPlace: Hashable {
    var formCode: String
    var series: String
    var number: Int64
}

extension Ledger {
    /// Issues a batch of unit `unitId`'s receipts in one transaction: the unit and its key are
    /// read once, idempotency keys looked up at once, and the plain receipts numbered with one
    /// counter update and stored with one insert; a receipt that settles a bill or supersedes
    /// another runs alone in a savepoint. A receipt that fails (its seal refused, its bill
    /// already paid, its idempotency key used before for another request) is left out, takes no
    /// number and gets its error; the others are issued.
    func issueBatch(_ requests: [IssueRequest], unit unitId: Int64) async -> [Result<IssuedReceipt, any Error>] {
        do {
            let outcomes = try await backend.transaction(logger: logger) { database in
                let issuer = try await Self.issuer(unitId, in: database)
                try await Self.lockRows(named: requests, in: database)
                let earlier = try await Self.receipts(unit: unitId, idempotencyKeys: requests.compactMap(\.idempotency?.key), in: database)
                var outcomes = [Result<IssuedReceipt, any Error>?](repeating: nil, count: requests.count)
                var firstWithKey: [String: Int] = [:]
                var plain: [Int] = []
                for (index, request) in requests.enumerated() {
                    if let claim = request.idempotency {
                        if let receipt = earlier[claim.key] {
                            do {
                                outcomes[index] = .success(IssuedReceipt(receipt: try Self.replay(receipt, for: claim), created: false))
                            } catch {
                                outcomes[index] = .failure(error)
                            }
                            continue
                        }
                        // A later request with the same key gets the receipt of the first, below
                        // (or the refusal, when it asks for something else).
                        if let first = firstWithKey[claim.key] {
                            if requests[first].idempotency?.fingerprint != claim.fingerprint { outcomes[index] = .failure(Self.reused(claim)) }
                            continue
                        }
                        firstWithKey[claim.key] = index
                    }
                    if request.needsItsOwnStatements {
                        outcomes[index] = try await inSavepoint(database) {
                            IssuedReceipt(receipt: try await self.issueAlone(request, issuer: issuer, in: database), created: true)
                        }
                    } else {
                        plain.append(index)
                    }
                }
                if !plain.isEmpty {
                    let together = try await inSavepoint(database) {
                        try await self.issueTogether(plain.map { requests[$0] }, issuer: issuer, in: database)
                    }
                    switch together {
                    case .success(let issued):
                        for (index, outcome) in zip(plain, issued) { outcomes[index] = outcome.map { IssuedReceipt(receipt: $0, created: true) } }
                    case .failure:
                        // A statement failed (another server stored one of the idempotency keys
                        // meanwhile, say): each on its own, so only the one at fault fails.
                        for index in plain {
                            outcomes[index] = try await inSavepoint(database) {
                                IssuedReceipt(receipt: try await self.issueAlone(requests[index], issuer: issuer, in: database), created: true)
                            }
                        }
                    }
                }
                return requests.indices.map { index in
                    if let outcome = outcomes[index] { return outcome }
                    let first = firstWithKey[requests[index].idempotency?.key ?? ""] ?? index
                    return (outcomes[first] ?? .failure(GroupCommit<IssueRequest, IssuedReceipt>.Unanswered()))
                        .map { IssuedReceipt(receipt: $0.receipt, created: false) }
                }
            }
            // Committed: a receipt that settled a bill may have queued its delivery.
            if outcomes.contains(where: { (try? $0.get()).map { $0.created && $0.receipt.billId != nil } ?? false }) { deliveryBell.ring() }
            return outcomes
        } catch {
            return requests.map { _ in .failure(error) }
        }
    }

    /// Locks the bills and the superseded receipts the batch names, each kind in order of id,
    /// before any counter: a transaction elsewhere that pays a bill or supersedes a receipt takes
    /// that row before the counter too, so the two cannot each hold what the other waits for.
    private static func lockRows(named requests: [IssueRequest], in database: any SQLDatabase) async throws {
        for (table, ids) in [("bills", requests.compactMap(\.receipt.billId)), ("receipts", requests.compactMap(\.supersedesId))]
        where !ids.isEmpty {
            _ = try await database.select().column("id").from(table).where("id", .in, Array(Set(ids))).orderBy("id")
                .for(.update).all()
        }
    }

    /// The unit `unitId` and its active key, whose row stays locked (shared) until the receipts
    /// are stored: a new key or a revocation waits for them, so none is dated after its key stopped.
    static func issuer(_ unitId: Int64, in database: any SQLDatabase) async throws -> Issuer {
        let unit = try await Self.unit(unitId, in: database, forUpdate: false)
        var activeKey: IssuerKey?
        // Twice: a key replaced while this waited for its row is no longer active, and its
        // successor, stored meanwhile, is seen only by a new statement.
        for _ in 0..<2 where activeKey == nil {
            activeKey = try await database.select().columns(Self.signingKeyColumns).from("signing_keys")
                .where("unit_id", .equal, unitId).where("status", .equal, IssuerKey.Status.active.rawValue)
                .for(.share)
                .first(decoding: IssuerKey.self)
        }
        return Issuer(unit: unit, activeKey: activeKey)
    }

    /// One receipt with statements of its own.
    private func issueAlone(_ request: IssueRequest, issuer: Issuer, in database: any SQLDatabase) async throws -> Receipt {
        let supersedes = try await request.earlier?(database)
        return try await insertReceipt(
            request.receipt,
            issuer: issuer,
            formCode: request.formCode,
            idempotency: request.idempotency,
            by: request.author,
            supersedes: supersedes,
            seal: request.seal,
            in: database
        )
    }

    /// Plain receipts, numbered and stored together: per form code, one counter update for all
    /// of them (and one more when some seal was refused, to give its number back), and one insert.
    private func issueTogether(
        _ requests: [IssueRequest],
        issuer: Issuer,
        in database: any SQLDatabase
    ) async throws -> [Result<Receipt, any Error>] {
        let issuedAt = self.now()
        let series = Self.series(of: issuedAt)
        var outcomes = [Result<Receipt, any Error>?](repeating: nil, count: requests.count)
        let byFormCode = Dictionary(grouping: requests.indices) { requests[$0].formCode ?? issuer.unit.receiptFormCode }
        for formCode in byFormCode.keys.sorted() {
            let indices = byFormCode[formCode] ?? []
            let last = try await Self.takeNumbers(
                Int64(indices.count),
                unit: issuer.unit.id,
                formCode: formCode,
                series: series,
                in: database
            )
            var next = last - Int64(indices.count) + 1
            var records: [(index: Int, record: ReceiptRecord)] = []
            for index in indices {
                let request = requests[index]
                let place = ReceiptNumber(unitId: issuer.unit.id, formCode: formCode, series: series, number: next, issuedAt: issuedAt)
                do {
                    let sealing = try request.seal(
                        ReceiptDraft(
                            number: place,
                            receipt: request.receipt,
                            unit: issuer.unit,
                            activeKey: issuer.activeKey,
                            supersedes: nil
                        )
                    )
                    records.append(
                        (
                            index,
                            ReceiptRecord(
                                place: place,
                                receipt: request.receipt,
                                sealing: sealing,
                                supersedesId: nil,
                                idempotency: request.idempotency,
                                author: request.author
                            )
                        )
                    )
                    next += 1
                } catch {
                    // Refused: the next receipt takes this number.
                    outcomes[index] = .failure(error)
                }
            }
            if next - 1 < last {
                try await Self.returnNumbers(after: next - 1, unit: issuer.unit.id, formCode: formCode, series: series, in: database)
            }
            if !records.isEmpty {
                for (entry, receipt) in zip(records, try await Self.insertReceipts(records.map(\.record), in: database)) {
                    outcomes[entry.index] = .success(receipt)
                }
            }
        }
        return outcomes.map { $0 ?? .failure(GroupCommit<IssueRequest, IssuedReceipt>.Unanswered()) }
    }

    /// Runs `body` inside a savepoint: undone alone when it fails. When even undoing it fails,
    /// the transaction is lost and the error ends the whole batch.
    private func inSavepoint<R: Sendable>(
        _ database: any SQLDatabase,
        _ body: () async throws -> R
    ) async throws -> Result<R, any Error> {
        try await database.raw("SAVEPOINT issue").run()
        do {
            let value = try await body()
            try await database.raw("RELEASE SAVEPOINT issue").run()
            return .success(value)
        } catch {
            try await database.raw("ROLLBACK TO SAVEPOINT issue").run()
            try await database.raw("RELEASE SAVEPOINT issue").run()
            return .failure(error)
        }
    }
}

/// A receipt as issued, and whether this request issued it (false: an earlier request with the
/// same idempotency key did).
struct IssuedReceipt: Sendable {
    var receipt: Receipt
    var created: Bool
}
