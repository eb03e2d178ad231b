/// An amount in a JSON body: a number of whole đồng, or a string written as a person writes it
/// (`"1.250.000"`), read by the ``Amount`` rules so that a decimal, a negative, zero or a number
/// past 13 digits gets the same problem code as the same amount typed into a page form or a CSV
/// cell.
public struct JSONAmount: Decodable, Sendable, Hashable {
    public var value: UInt64

    public init(_ value: UInt64) {
        self.value = value
    }

    /// Throws a ``FieldProblem`` at the field being decoded (its coding path) for a bad amount.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let field = decoder.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            .joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        do throws(Refusal) {
            if let value = try? container.decode(UInt64.self) {
                // Zero and past 13 digits are the operation's to report, with the other fields' problems.
                self.value = value
            } else if let value = try? container.decode(Int64.self), value < 0 {
                throw Refusal(.amountNegative, "\(value) is negative; amounts are whole đồng, such as 1250000")
            } else if let value = try? container.decode(Double.self) {
                if value < 0 { throw Refusal(.amountNegative, "\(value) is negative; amounts are whole đồng, such as 1250000") }
                if value.rounded() != value { throw Refusal(.amountDecimals, "\(value) has decimals; amounts are whole đồng, such as 1250000") }
                throw Refusal(.amountTooLarge, "\(value) is more than 9999999999999 đồng, the most a payment code carries")
            } else if let text = try? container.decode(String.self) {
                self.value = try Amount.parse(text)
            } else {
                throw Refusal(.notAnAmount, "is not an amount; send whole đồng as a JSON number, such as 1250000")
            }
        } catch {
            throw FieldProblem(field: field.isEmpty ? "amount" : field, error)
        }
    }
}
