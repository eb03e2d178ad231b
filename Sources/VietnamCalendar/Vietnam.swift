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
