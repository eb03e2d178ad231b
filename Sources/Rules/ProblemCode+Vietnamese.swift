extension ProblemCode {
    /// What the code means, in Vietnamese, for the pages; nil for ``invalidValue``, whose reason
    /// is particular to its field.
    public var vietnamese: String? {
        switch self {
        case .required: "còn trống"
        case .tooLong: "dài quá mức cho phép"
        case .controlCharacter: "có ký tự điều khiển (như ký tự rỗng, tab, xuống dòng); hãy gõ lại"
        case .bidiControl: "có ký tự đảo chiều văn bản; hãy gõ lại"
        case .combiningMarks: "có quá nhiều dấu trên một chữ; hãy gõ lại"
        case .notAnAmount: "không phải số tiền; hãy ghi số đồng, như 1.250.000"
        case .amountDecimals: "có phần thập phân; số tiền là đồng chẵn, như 1.250.000"
        case .amountNegative: "là số âm; hãy ghi số đồng, như 1.250.000"
        case .amountZero: "bằng 0"
        case .amountTooLarge: "lớn hơn 9.999.999.999.999 đ, mức tối đa một mã thanh toán ghi được"
        case .amountNotGrouped: "không chia nhóm nghìn đúng; hãy ghi 1.250.000 hoặc 1250000"
        case .itemsSum: "tổng các khoản không khớp với số tiền"
        case .unknownBank: "không có ngân hàng nào tên như vậy; hãy ghi mã BIN hoặc tên viết tắt"
        case .ambiguousBank: "tên này trùng với nhiều ngân hàng; hãy ghi mã BIN"
        case .invalidAccount: "số tài khoản không hợp lệ cho mã VietQR (chỉ gồm chữ số, không dấu cách, tối đa 19 ký tự)"
        case .invalidDate: "không phải ngày có thật; hãy ghi dd/mm/yyyy, như 30/09/2026"
        case .duplicate: "đã có"
        case .unknownReference: "không tồn tại"
        case .idempotencyKeyReused: "đã được gửi trước đó với nội dung khác; hãy tải lại trang rồi nhập lại"
        case .invalidEmail: "không phải địa chỉ email; hãy ghi như ten@truong.edu.vn"
        case .invalidPhone: "không phải số điện thoại Việt Nam; hãy ghi 10 chữ số như 0912 345 678"
        case .invalidValue: nil
        }
    }
}
