import ArgumentParser

/// `cashless qr`: build and read VietQR payloads.
struct QRCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qr",
        abstract: "Build and read VietQR payment codes.",
        subcommands: [QREncode.self, QRDecode.self]
    )
}
