import Foundation
import VietnamCalendar

/// Dates as Vietnamese documents print them, in Vietnam's time (Asia/Ho_Chi_Minh, GMT+7 with
/// no daylight saving since 1975: QĐ 1271 dates documents in GMT+7).
enum VietnamTime {
    static let zone = TimeZone.vietnam

    private static func parts(_ date: Date) -> DateComponents {
        Calendar.vietnam.dateComponents([.year, .month, .day, .hour, .minute], from: date)
    }

    /// "Ngày 02 tháng 12 năm 2026, 07:14".
    static func longDate(_ date: Date) -> String {
        let p = parts(date)
        return "Ngày \(padded(p.day!, to: 2)) tháng \(padded(p.month!, to: 2)) năm \(p.year!), "
            + "\(padded(p.hour!, to: 2)):\(padded(p.minute!, to: 2))"
    }

    /// "02/12/2026".
    static func shortDate(_ date: Date) -> String {
        let p = parts(date)
        return "\(padded(p.day!, to: 2))/\(padded(p.month!, to: 2))/\(p.year!)"
    }

    /// `value` in decimal with leading zeros to `width` digits (not negative).
    static func padded(_ value: some BinaryInteger, to width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
