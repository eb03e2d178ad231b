import ArgumentParser
import Ledger

extension AdminCommand {
    /// `cashless admin check`: finds the stored data today's rules refuse — stalls whose account no
    /// payment code can carry — marks them (they stop counting as equipped, and their market's sheet
    /// names them) and lists them; exit 1 when there are any.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "List the stalls whose stored account no VietQR code can carry (exit 1 when there are any).",
            discussion:
                "Such stalls were stored before every door checked accounts by VietQR's rules. They count as surveyed, not equipped, until their account is corrected (PATCH /v1/vendors/{id} or the market board's page)."
        )

        @OptionGroup var options: ServiceOptions

        func run() async throws {
            let stalls = try await options.withLedger { ledger in try await ledger.checkAccounts() }
            guard !stalls.isEmpty else {
                print("every stall's account can be drawn as a VietQR code")
                return
            }
            for stall in stalls {
                print(
                    "market \(stall.marketId), stall \(stall.stall) (id \(stall.id), \(stall.status.rawValue)): "
                        + "account \(stall.bankBin ?? "?") \(stall.account ?? "?"): \(stall.reason)"
                )
            }
            print("\(stalls.count) stall\(stalls.count == 1 ? "" : "s") cannot be drawn; they count as surveyed until corrected")
            throw ExitCode(1)
        }
    }
}
