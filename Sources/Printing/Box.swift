/// A rectangle in units.
struct Box: Sendable, Hashable {
    var x: Double, y: Double, width: Double, height: Double

    /// The right and bottom edges.
    var maxX: Double { x + width }
    var maxY: Double { y + height }

    init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The same box moved by (`dx`, `dy`).
    func offsetBy(dx: Double, dy: Double) -> Box { Box(x: x + dx, y: y + dy, width: width, height: height) }

    /// Whether `other` lies inside this box.
    func contains(_ other: Box) -> Bool {
        other.x >= x && other.y >= y && other.maxX <= maxX && other.maxY <= maxY
    }
}
