/// A CSV file as people save it from a spreadsheet: UTF-8 with or without a byte-order mark,
/// comma or semicolon between fields (Excel in Vietnamese locales writes semicolons), fields in
/// double quotes when they hold a separator, a quote or a line break (RFC 4180).
public struct CSVTable: Sendable, Hashable {
    /// One record and the line of the file it starts on (1-based; the header is line 1).
    public struct Record: Sendable, Hashable {
        public var line: Int
        public var fields: [String]
    }

    /// The first record: the column names.
    public var header: [String]
    /// Every record after the header that holds anything but empty fields.
    public var records: [Record]

    /// A quote that is never closed: the file is cut or mis-saved.
    public struct UnterminatedQuote: Error, Sendable, Hashable {
        /// The line the quoted field starts on.
        public var line: Int
    }

    /// Splits `text` into records. The separator is the one the header line uses most.
    public init(parsing text: String) throws(UnterminatedQuote) {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        let separator = CSVTable.separator(of: scalars)
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        /// Whether `field` holds only spaces so far (kept as it grows: a quote after spaces opens a
        /// quoted field, and looking at the whole field at each quote would be quadratic).
        var fieldIsBlank = true
        var line = 1
        var recordLine = 1
        var quoteLine = 0
        var inQuotes = false
        var wasQuoted = false
        var index = scalars.startIndex

        func endField() {
            fields.append(wasQuoted ? String(field) : String(String(field).trimmingSpaces))
            field.removeAll(keepingCapacity: true)
            fieldIsBlank = true
            wasQuoted = false
        }
        func append(_ scalar: Unicode.Scalar) {
            field.append(scalar)
            if scalar != " " && scalar != "\t" && scalar != "\u{00A0}" { fieldIsBlank = false }
        }
        func endRecord() {
            endField()
            if records.isEmpty || fields.contains(where: { !$0.isEmpty }) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields.removeAll(keepingCapacity: true)
        }

        while index < scalars.endIndex {
            let scalar = scalars[index]
            index = scalars.index(after: index)
            if inQuotes {
                if scalar == "\"" {
                    if index < scalars.endIndex, scalars[index] == "\"" {
                        append("\"")
                        index = scalars.index(after: index)
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where fieldIsBlank:
                field.removeAll()
                inQuotes = true
                wasQuoted = true
                quoteLine = line
            case separator:
                endField()
            case "\r":
                continue
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                append(scalar)
            }
        }
        if inQuotes { throw UnterminatedQuote(line: quoteLine) }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        header = records.first?.fields ?? []
        self.records = Array(records.dropFirst())
    }

    /// `;` when the first line has more semicolons than commas (outside quotes), else `,`.
    private static func separator(of scalars: Substring.UnicodeScalarView) -> Unicode.Scalar {
        var commas = 0
        var semicolons = 0
        var inQuotes = false
        for scalar in scalars {
            if scalar == "\"" { inQuotes.toggle() }
            if inQuotes { continue }
            if scalar == "\n" { break }
            if scalar == "," { commas += 1 }
            if scalar == ";" { semicolons += 1 }
        }
        return semicolons > commas ? ";" : ","
    }
}

extension String {
    /// Without spaces, tabs and no-break spaces at either end.
    var trimmingSpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{00A0}" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return self[first...last]
    }
}

extension CSVTable {
    /// `text` as one cell of a CSV written for a spreadsheet: quoted when it holds a separator, a
    /// quote or a line break, and, when it starts with `=`, `+`, `-`, `@`, a tab or a carriage
    /// return, led by an apostrophe, so that a spreadsheet shows it as text instead of running it
    /// as a formula (a unit named `=HYPERLINK(…)` stays a name).
    public static func cell(_ text: String) -> String {
        var text = text
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
