import Foundation

/// An email as RFC 5322 and MIME write it: headers, a UTF-8 text body and attachments. Building
/// it is pure: ``rendered()`` gives the bytes an SMTP client sends after `DATA` (before
/// dot-stuffing), with CRLF line ends and no line longer than 78 characters.
public struct MailMessage: Sendable, Hashable {
    /// A file sent with the message.
    public struct Attachment: Sendable, Hashable {
        /// ASCII file name, as the payer's mail program saves it.
        public var filename: String
        /// `application/pdf`.
        public var contentType: String
        public var data: Data

        public init(filename: String, contentType: String, data: Data) {
            self.filename = filename
            self.contentType = contentType
            self.data = data
        }
    }

    public var from: MailAddress
    public var to: [MailAddress]
    public var subject: String
    public var date: Date
    /// Without angle brackets: `<id>@<domain>`.
    public var messageID: String
    /// Plain text, any script (sent as UTF-8).
    public var text: String
    public var attachments: [Attachment]

    public init(
        from: MailAddress,
        to: [MailAddress],
        subject: String,
        date: Date,
        messageID: String,
        text: String,
        attachments: [Attachment] = []
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.text = text
        self.attachments = attachments
    }

    /// A new Message-ID in the domain of `sender`'s address.
    public static func newID(for sender: String) -> String {
        let domain = sender.split(separator: "@").last.map(String.init) ?? "localhost"
        return "\(UUID().uuidString.lowercased())@\(domain)"
    }

    /// The message as sent: headers folded, the text and each attachment base64 encoded.
    public func rendered() -> Data {
        var lines: [String] = []
        lines.append(Self.folded("From: " + from.header))
        lines.append(Self.folded("To: " + to.map(\.header).joined(separator: ", ")))
        lines.append(Self.subjectHeader(subject))
        lines.append("Date: " + Self.dateHeader(date))
        lines.append("Message-ID: <\(messageID)>")
        lines.append("MIME-Version: 1.0")
        let textPart =
            [
                "Content-Type: text/plain; charset=UTF-8",
                "Content-Transfer-Encoding: base64",
                "",
            ] + Self.base64Lines(Data(Self.crlf(text).utf8))
        if attachments.isEmpty {
            lines += textPart
        } else {
            let boundary = "=_cashless_" + messageID.prefix(while: { $0 != "@" }).filter { $0.isLetter || $0.isNumber }
            lines.append("Content-Type: multipart/mixed;")
            lines.append(" boundary=\"\(boundary)\"")
            lines.append("")
            lines.append("This is a message in MIME format.")
            lines.append("--" + boundary)
            lines += textPart
            for attachment in attachments {
                let name = attachment.filename.filter { $0.isASCII && $0 != "\"" && $0 != "\\" && !$0.isNewline }
                lines.append("--" + boundary)
                lines.append("Content-Type: \(attachment.contentType); name=\"\(name)\"")
                lines.append("Content-Transfer-Encoding: base64")
                lines.append("Content-Disposition: attachment; filename=\"\(name)\"")
                lines.append("")
                lines += Self.base64Lines(attachment.data)
            }
            lines.append("--" + boundary + "--")
        }
        return Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// `Subject:` with the text as it is when it is short ASCII, else as encoded words, one per
    /// line after the first (folded with a space).
    static func subjectHeader(_ subject: String) -> String {
        let flat = subject.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if flat.unicodeScalars.allSatisfy({ $0.isASCII }) { return folded("Subject: " + flat) }
        return "Subject: " + EncodedWords.encode(flat).joined(separator: "\r\n ")
    }

    /// A header line folded at spaces so that no line passes 78 characters (where it can be).
    static func folded(_ line: String) -> String {
        guard line.count > 78 else { return line }
        var result: [String] = []
        var current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty && current.count + 1 + word.count > 78 {
                result.append(current)
                current = " " + word
            } else {
                current += current.isEmpty ? String(word) : " " + word
            }
        }
        result.append(current)
        return result.joined(separator: "\r\n")
    }

    /// RFC 5322's date, in Vietnam's time (+0700): `Tue, 01 Sep 2026 10:00:00 +0700`.
    static func dateHeader(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 7 * 3600)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    /// `data` in base64, 76 characters a line.
    static func base64Lines(_ data: Data) -> [String] {
        let encoded = data.base64EncodedString()
        var lines: [String] = []
        var start = encoded.startIndex
        while start < encoded.endIndex {
            let end = encoded.index(start, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(String(encoded[start..<end]))
            start = end
        }
        return lines
    }

    /// Text with every line ending CRLF.
    static func crlf(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n")
    }

    /// The bytes of `rendered` as `DATA` sends them: a line that starts with a dot gets another.
    public static func dotStuffed(_ rendered: Data) -> Data {
        var out = Data()
        out.reserveCapacity(rendered.count + 16)
        var atLineStart = true
        for byte in rendered {
            if atLineStart && byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
            out.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
        }
        return out
    }
}
