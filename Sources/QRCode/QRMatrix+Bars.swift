extension QRMatrix {
    /// A straight bar of dark modules, one module thick: what a vector writer draws as one
    /// stroke or one rectangle.
    public struct Bar: Sendable, Hashable {
        /// Which way a bar runs.
        public enum Direction: Sendable, Hashable {
            /// Along a row, to the right.
            case horizontal
            /// Down a column.
            case vertical
        }

        /// The row and column of its first (top or left) module.
        public var row: Int, column: Int
        /// How many modules it covers.
        public var length: Int
        /// Which way it runs.
        public var direction: Direction
    }

    /// Horizontal and vertical bars that together cover every dark module and no light one,
    /// fewer than the rows' runs alone (about a fifth fewer for a VietQR symbol), so that a
    /// PDF or SVG holds fewer points. Bars may overlap. Each module is first given to the
    /// longer of its row's and its column's run; then runs whose every module another chosen
    /// run covers are dropped, shortest first. Horizontal bars come first, in reading order.
    public func coveringBars() -> [Bar] {
        let count = size * size
        // Each dark module's row run and column run, as indices into `rows` and `columns`.
        var rowRun = [Int32](repeating: -1, count: count)
        var columnRun = [Int32](repeating: -1, count: count)
        var rows: [Bar] = []
        var columns: [Bar] = []
        for row in 0..<size {
            forEachDarkRun(inRow: row) { run in
                for column in run { rowRun[row * size + column] = Int32(rows.count) }
                rows.append(Bar(row: row, column: run.lowerBound, length: run.count, direction: .horizontal))
            }
        }
        for column in 0..<size {
            var row = 0
            while row < size {
                guard rowRun[row * size + column] >= 0 else {
                    row += 1
                    continue
                }
                let start = row
                while row < size, rowRun[row * size + column] >= 0 {
                    columnRun[row * size + column] = Int32(columns.count)
                    row += 1
                }
                columns.append(Bar(row: start, column: column, length: row - start, direction: .vertical))
            }
        }

        var rowChosen = [Bool](repeating: false, count: rows.count)
        var columnChosen = [Bool](repeating: false, count: columns.count)
        for index in 0..<count where rowRun[index] >= 0 {
            let r = Int(rowRun[index])
            let c = Int(columnRun[index])
            if rows[r].length >= columns[c].length { rowChosen[r] = true } else { columnChosen[c] = true }
        }
        func modules(of bar: Bar) -> some Sequence<Int> {
            (0..<bar.length).lazy.map { step in
                bar.direction == .horizontal
                    ? bar.row * self.size + bar.column + step
                    : (bar.row + step) * self.size + bar.column
            }
        }
        for r in shortestFirst(rows) where rowChosen[r] {
            if modules(of: rows[r]).allSatisfy({ columnChosen[Int(columnRun[$0])] }) { rowChosen[r] = false }
        }
        for c in shortestFirst(columns) where columnChosen[c] {
            if modules(of: columns[c]).allSatisfy({ rowChosen[Int(rowRun[$0])] }) { columnChosen[c] = false }
        }
        return rows.indices.filter { rowChosen[$0] }.map { rows[$0] } + columns.indices.filter { columnChosen[$0] }.map { columns[$0] }
    }

    /// The indices of `bars` by length, shortest first, ties in index order (a counting sort:
    /// lengths are at most the symbol's size).
    private func shortestFirst(_ bars: [Bar]) -> [Int] {
        var starts = [Int](repeating: 0, count: size + 2)
        for bar in bars { starts[bar.length + 1] += 1 }
        for length in 1..<starts.count { starts[length] += starts[length - 1] }
        var order = [Int](repeating: 0, count: bars.count)
        for (index, bar) in bars.enumerated() {
            order[starts[bar.length]] = index
            starts[bar.length] += 1
        }
        return order
    }
}
