import Foundation

/// Times as the trust and status lists write them: ISO 8601 to the second with an offset
/// (`2026-09-05T08:30:00+07:00`, ``Foundation/Date/vietnamISO8601``), or `Z`.
public enum ISO8601Time {
    private static let withColon = Date.ISO8601FormatStyle().year().month().day().time(includingFractionalSeconds: false)
        .timeZone(separator: .colon)
    private static let withoutColon = Date.ISO8601FormatStyle().year().month().day().time(includingFractionalSeconds: false)
        .timeZone(separator: .omitted)

    /// The time `text` writes; nil when it is not written so.
    public static func date(_ text: String) -> Date? {
        (try? withColon.parse(text)) ?? (try? withoutColon.parse(text))
    }
}
