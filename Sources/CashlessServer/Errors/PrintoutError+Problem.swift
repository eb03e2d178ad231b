import Operations
import Printing

extension PrintoutError: ProblemConvertible {
    /// 409: nothing to print yet, a unit's address to set first, or stalls to correct first (each
    /// named, with why).
    var problem: APIProblem {
        switch self {
        case .nothingToPrint, .noAddress: .conflict(description)
        case .undrawable(_, let stalls):
            .conflict(
                description,
                errors: stalls.sorted { StallOrder.precedes($0.key, $1.key) }.map {
                    .init(field: "stall \($0.key)", code: $0.value.code.rawValue, reason: $0.value.reason)
                }
            )
        }
    }
}
