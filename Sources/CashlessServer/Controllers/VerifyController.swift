import Foundation
import Hummingbird
import Ledger
import Operations
import Receipts
import Scanning

/// What anyone may ask about receipts, without a key: the trust list, a unit's status list, and
/// the verdict on a seal, as JSON or as the Vietnamese verify page a payer's phone opens.
struct VerifyController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("v1/trust-list", use: trust)
        router.get("v1/units/:id/status-list", use: status)
        router.post("v1/verify", use: verify)
        router.get("verify", use: page)
        router.post("verify", use: photo)
    }

    /// Every unit key with its unit, signed with the deployment's root key.
    @Sendable func trust(_ request: Request, context: AppRequestContext) async throws -> Response {
        json(try await services.trustLists.json(ledger: services.ledger, root: try services.sealer.root()))
    }

    /// The unit's replaced and adjusted receipts (`?series=26T` for one series), signed with the root key.
    @Sendable func status(_ request: Request, context: AppRequestContext) async throws -> Response {
        let id = try request.id(context: context)
        let series = request.uri.queryParameters.get("series")
        if let series,
            !(series.count == 3 && series.hasSuffix("T") && series.prefix(2).allSatisfy(\.isASCII) && series.prefix(2).allSatisfy(\.isNumber))
        {
            throw APIProblem.badRequest("bad series", errors: [.init(field: "series", reason: "is two digits of the year and T, such as 26T")])
        }
        do {
            _ = try await services.ledger.unit(id)
        } catch LedgerError.notFound {
            throw APIProblem.notFound("unit \(id)")
        }
        return json(try await statusList(ledger: services.ledger, unit: id, series: series, root: try services.sealer.root()).json())
    }

    struct VerifyInput: Decodable { var code: String }

    /// The same JSON as `cashless receipt verify --json`; 200 whatever the verdict.
    @Sendable func verify(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.json(VerifyInput.self, context: context, limit: .code)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return json(Array(try encoder.encode(VerificationReport(try await services.verify(input.code)))))
    }

    /// `/verify?c=BL1:…`: the verdict in Vietnamese, green or red, with the receipt as sealed and
    /// its issuer; without `c`, the form to paste a code into.
    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        let code = (Form(query: request)["c"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !code.isEmpty else { return Pages.render("verify", VerifyPage(code: "", verification: nil)) }
        return try await verdict(code)
    }

    /// The page of `code`'s verdict; a text longer than any seal is refused unread (413), as on `POST /v1/verify`.
    private func verdict(_ code: String) async throws -> Response {
        guard code.utf8.count <= BodyLimit.code.rawValue else {
            return Pages.render(
                "verify",
                VerifyPage(code: "", verification: nil, problem: "Mã dài hơn mọi mã biên lai (BL1:…); hãy dán đúng mã in trên biên lai."),
                status: .contentTooLarge
            )
        }
        return Pages.render("verify", VerifyPage(code: code, verification: try await services.verify(code)))
    }

    /// A photo of the receipt posted from the verify page (where the browser cannot read the code
    /// itself): its seal is read with zbarimg, then judged as `/verify?c=` judges it. The photo is
    /// at most 5 MB and 20 megapixels, judged from its header before anything decodes it, and
    /// zbarimg runs on the expensive work's threads for at most ``ServiceLimits/scanTimeout`` seconds.
    @Sendable func photo(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form: Form
        do {
            form = try await Form.read(request, context: context, limit: .photo)
        } catch let problem as APIProblem where problem.status == .contentTooLarge {
            return refusal("Ảnh lớn hơn \(BodyLimit.photo) (mức tối đa); hãy chụp lại riêng mã QR trên biên lai.", status: .contentTooLarge)
        }
        if let code = form.text("c") { return try await verdict(code) }
        guard let bytes = form.files["photo"], !bytes.isEmpty else {
            return refusal("Hãy chọn ảnh chụp biên lai, hoặc dán mã.", status: .unprocessableContent)
        }
        guard let header = PictureHeader(bytes) else {
            return refusal("Ảnh phải là JPEG hoặc PNG (ảnh chụp từ điện thoại).", status: .unprocessableContent)
        }
        guard header.pixels <= Self.mostPixels else {
            return refusal(
                "Ảnh \(header.width)×\(header.height) điểm ảnh, lớn hơn 20 megapixel; hãy chụp lại ở độ phân giải thấp hơn.",
                status: .unprocessableContent
            )
        }
        let codes: [String]
        do {
            let timeLimit = services.limits.scanTimeout
            codes = try await services.work.run { try SealImages.codes(inImage: bytes, timeLimit: timeLimit) }
        } catch let failure as SealImages.Failure where failure.kind == .timedOut {
            return refusal("Không đọc được ảnh trong thời gian cho phép; hãy chụp rõ và thẳng mã QR trên biên lai.", status: .unprocessableContent)
        } catch let failure as SealImages.Failure where failure.kind == .unreadable {
            return refusal("Không đọc được ảnh này; hãy chụp lại mã QR trên biên lai (JPEG hoặc PNG).", status: .unprocessableContent)
        }
        guard let seal = codes.first(where: { $0.uppercased().hasPrefix("BL1:") }) else {
            return Pages.render(
                "verify",
                VerifyPage(
                    code: "",
                    verification: nil,
                    problem:
                        codes.isEmpty
                        ? "Không tìm thấy mã QR trong ảnh; hãy chụp rõ và thẳng mã trên biên lai."
                        : "Mã QR trong ảnh không phải mã biên lai (BL1:…)."
                ),
                status: .unprocessableContent
            )
        }
        return try await verdict(seal)
    }

    /// The most pixels a photo may declare: a phone's camera takes 12–16 megapixels, 50 at its largest.
    static let mostPixels = 20_000_000

    /// The verify page saying why a photo or code was not judged.
    private func refusal(_ problem: String, status: HTTPResponse.Status) -> Response {
        Pages.render("verify", VerifyPage(code: "", verification: nil, problem: problem), status: status)
    }

    private func json(_ bytes: [UInt8]) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
