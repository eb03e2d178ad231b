import Hummingbird
import Ledger
import Roster

extension Request {
    /// The query as `type`, read by Hummingbird's `URLEncodedFormDecoder` (a `+` is a space); a
    /// parameter that does not decode answers 400 naming it and why.
    func query<Value: Decodable>(_ type: Value.Type) throws -> Value {
        do {
            return try URLEncodedFormDecoder().decode(type, from: uri.query ?? "")
        } catch let error as DecodingError {
            throw APIProblem.badRequest("bad query parameters", errors: [error.fieldError])
        } catch {
            // A parameter given twice, or percent-encoding that does not decode.
            throw APIProblem.badRequest("the query cannot be read: give each parameter once, percent-encoded as UTF-8")
        }
    }
}

/// A number or `true`/`false` in a query, refused naming its parameter (the form decoder names
/// the parameter of a bad enum value but not of a bad number).
struct Parsed<Value: LosslessStringConvertible>: Decodable {
    var value: Value

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let value = Value(try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription:
                    Value.self == Bool.self ? "must be true or false" : "must be a whole number"
            )
        }
        self.value = value
    }
}

/// `true`, `false` or `any`: a filter on a yes-or-no property of a list's items.
enum Either: String, Decodable {
    case `true`, `false`, any

    /// nil for `any`.
    var value: Bool? {
        switch self {
        case .true: true
        case .false: false
        case .any: nil
        }
    }
}

/// `?limit=&after=`: the paging of every list.
struct PageQuery: Decodable {
    var limit: Parsed<Int>?
    var after: Parsed<Int64>?
}

/// `GET /v1/markets/{id}/vendors?status=&search=&closed=`.
struct VendorQuery: Decodable {
    var status: EquipmentStatus?
    var search: String?
    var closed: Either?
}

/// `GET /v1/units?communeId=&kind=&search=`.
struct UnitQuery: Decodable {
    var communeId: Parsed<Int64>?
    var kind: CommuneUnit.Kind?
    var search: String?
}

/// The `?status=` of a unit's bills (`any` for every bill), its `?dryRun=` for imports.
struct BillQuery: Decodable {
    enum Status: String, Decodable { case open, paid, any }
    var status: Status?
    var dryRun: Parsed<Bool>?

    /// The bills' status, nil for any; `otherwise` when not given.
    func billStatus(otherwise: Bill.Status?) -> Bill.Status? {
        switch status {
        case nil: otherwise
        case .any: nil
        case .open: .open
        case .paid: .paid
        }
    }
}

/// `?waiting=` of a unit's payments, `?revoked=` of API keys.
struct PaymentQuery: Decodable { var waiting: Parsed<Bool>? }
struct KeyQuery: Decodable { var revoked: Either? }
