import Adoption
import Foundation
import Ledger
import Operations
import Synchronization

/// Province reports (and their twelve-month charts) as last read, served again for ``ServiceLimits/reportSeconds`` (5 s by
/// default): a province of 650 communes takes five queries over some 1,650 rows and the criteria
/// of each commune, which a page visit or a spreadsheet download should not pay each time. A
/// report is never older than that; with 0 every request reads it anew.
final class ProvinceReportCache: Sendable {
    private struct Kept {
        var read: ContinuousClock.Instant
        var province: Province
        var report: ProvinceReport
    }

    private let kept = Mutex<[Int64: Kept]>([:])
    private let charts = Mutex<[Int64: (read: ContinuousClock.Instant, svg: String)]>([:])
    private let lifetime: Duration

    init(seconds: Int) {
        lifetime = .seconds(seconds)
    }

    /// Province `id` and its report against `targets`: the one kept, or read from `ledger` now.
    func report(_ id: Int64, ledger: Ledger, targets: Targets) async throws -> (province: Province, report: ProvinceReport) {
        let now = ContinuousClock.now
        if lifetime > .zero, let kept = kept.withLock({ $0[id] }), now - kept.read < lifetime {
            return (kept.province, kept.report)
        }
        let standing = try await ledger.provinceStanding(id)
        let report = Reports.province(standing, targets: targets)
        if lifetime > .zero {
            kept.withLock { $0[id] = Kept(read: now, province: standing.province, report: report) }
        }
        return (standing.province, report)
    }

    /// Province `id`'s chart of the last twelve months (an SVG): the one kept, or `draw`n now (it
    /// reads every commune's month ends, which costs more than the report).
    func chart(_ id: Int64, draw: () async throws -> String) async throws -> String {
        let now = ContinuousClock.now
        if lifetime > .zero, let kept = charts.withLock({ $0[id] }), now - kept.read < lifetime { return kept.svg }
        let svg = try await draw()
        if lifetime > .zero { charts.withLock { $0[id] = (now, svg) } }
        return svg
    }
}
