import CashlessServer
import Foundation
import NIOCore

/// The fuzz entries of what the service reads itself (see `FuzzEntries`): page forms and the
/// bank's payment notifications.
public enum FuzzServerEntries {
    /// The input's first line as the `Content-Type` header, the rest as the body of a posted
    /// form, read as every page reads its form (URL-encoded or multipart, with its files).
    public static func form(_ bytes: [UInt8]) {
        let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
        let type = String(decoding: bytes[..<newline], as: UTF8.self)
        let body = ByteBuffer(bytes: bytes[min(newline + 1, bytes.count)...])
        _ = try? Form(body: body, contentType: type)
    }

    /// The input as the JSON body of a bank's payment notification, once its signature checked out.
    public static func webhook(_ bytes: [UInt8]) {
        _ = try? BankNotification(json: Data(bytes))
    }
}
