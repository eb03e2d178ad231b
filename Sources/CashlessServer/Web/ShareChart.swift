import Foundation

/// A small line chart drawn on the server as SVG: shares (0…1) by month, one line per series,
/// with the target as a dashed line. No script, scales to the page's width.
struct ShareChart {
    struct Series {
        var name: String
        /// CSS colour.
        var colour: String
        /// One value per month; nil where there is nothing to count.
        var values: [Double?]
    }

    var months: [String]
    var series: [Series]
    var target: Double

    private let width = 340.0, height = 180.0, left = 34.0, right = 8.0, top = 10.0, bottom = 34.0

    var svg: String {
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        let step = months.count > 1 ? plotWidth / Double(months.count - 1) : 0
        func x(_ index: Int) -> Double { left + Double(index) * step }
        func y(_ share: Double) -> Double { top + (1 - min(max(share, 0), 1)) * plotHeight }
        func number(_ value: Double) -> String { String(format: "%.1f", value) }
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"100%\" role=\"img\" aria-label=\""
                + series.map(\.name).joined(separator: ", ") + " theo tháng\" font-size=\"9\" font-family=\"sans-serif\">"
        ]
        for percent in stride(from: 0, through: 100, by: 25) {
            let line = y(Double(percent) / 100)
            parts.append(
                "<line x1=\"\(number(left))\" y1=\"\(number(line))\" x2=\"\(number(width - right))\" y2=\"\(number(line))\" stroke=\"#ddd\"/>"
            )
            parts.append("<text x=\"\(number(left - 4))\" y=\"\(number(line + 3))\" text-anchor=\"end\">\(percent)%</text>")
        }
        let goal = y(target)
        parts.append(
            "<line x1=\"\(number(left))\" y1=\"\(number(goal))\" x2=\"\(number(width - right))\" y2=\"\(number(goal))\" stroke=\"#b3261e\" stroke-dasharray=\"4 3\"/>"
        )
        for (index, month) in months.enumerated() where index % max(1, months.count / 6) == 0 || index == months.count - 1 {
            parts.append("<text x=\"\(number(x(index)))\" y=\"\(number(height - bottom + 12))\" text-anchor=\"middle\">\(month)</text>")
        }
        for (number_, line) in series.enumerated() {
            let points = line.values.enumerated().compactMap { index, value in value.map { "\(number(x(index))),\(number(y($0)))" } }
            if points.count > 1 {
                parts.append("<polyline fill=\"none\" stroke=\"\(line.colour)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>")
            }
            for point in points {
                let xy = point.split(separator: ",")
                parts.append("<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"2.5\" fill=\"\(line.colour)\"/>")
            }
            let legend = height - 8
            let start = left + Double(number_) * 150
            parts.append("<rect x=\"\(number(start))\" y=\"\(number(legend - 7))\" width=\"10\" height=\"4\" fill=\"\(line.colour)\"/>")
            parts.append("<text x=\"\(number(start + 14))\" y=\"\(number(legend - 3))\">\(line.name)</text>")
        }
        parts.append("</svg>")
        return parts.joined()
    }
}
