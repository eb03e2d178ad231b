import Foundation

extension TimeZone {
    /// Vietnam's time (UTC+7, no daylight saving): when a receipt's day, a fee's month and a
    /// bill's year begin, wherever the server runs.
    public static let vietnam = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone(secondsFromGMT: 7 * 3600)!
}

extension Calendar {
    /// The Gregorian calendar in Vietnam's time zone.
    public static let vietnam: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .vietnam
        return calendar
    }()
}

/// Dates and times as a Vietnamese reader writes them, in Vietnam time: "02/12/2026 07:14".
public enum VietnameseDate {
    private static let calendar = Calendar.vietnam

    /// `02/12/2026 07:14`.
    public static func string(_ date: Date) -> String {
        let parts = calendar.dateComponents([.day, .month, .year, .hour, .minute], from: date)
        return String(
            format: "%02d/%02d/%04d %02d:%02d",
            parts.day ?? 0,
            parts.month ?? 0,
            parts.year ?? 0,
            parts.hour ?? 0,
            parts.minute ?? 0
        )
    }
}
