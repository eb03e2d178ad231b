import Foundation
import Rules

/// The JSON body of a bank's notification of a transfer (`POST /v1/hooks/bank/:id`), once its
/// signature has been checked.
package struct BankNotification: Decodable, Sendable {
    var transactionId: String
    var amount: JSONAmount
    var content: String
    var payerName: String?
    var paidAt: Date?

    /// Reads `body` as every JSON body is read (``AppRequestContext/requestDecoder``).
    package init(json body: Data) throws {
        self = try AppRequestContext.jsonDecoder().decode(Self.self, from: body)
    }
}
