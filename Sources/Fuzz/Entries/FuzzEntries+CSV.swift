import Billing
import Roster
import Rules

extension FuzzEntries {
    /// The input as a CSV file (bytes that are not UTF-8 become U+FFFD), read as a stall list, a
    /// bill list and a bank statement, each problem described as the service reports it.
    public static func csv(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        do { _ = try StallList.read(text, banks: banks) } catch { _ = error.description }
        do { _ = try BillList.read(text) } catch { _ = error.description }
        do { _ = try BankStatement.read(text) } catch { _ = error.description }
    }
}
