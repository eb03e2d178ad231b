/// The Vietnamese labels of the fields the page forms send, as the pages' problem lists name them.
enum FieldLabel {
    static func vietnamese(_ field: String) -> String {
        switch field {
        case "stall": "Quầy"
        case "name": "Họ tên"
        case "phone": "Điện thoại"
        case "bank", "bankBin": "Ngân hàng"
        case "account": "Số tài khoản"
        case "holder": "Chủ tài khoản"
        case "status": "Trạng thái"
        case "payerName": "Người nộp"
        case "payerReference": "Mã người nộp"
        case "feeType": "Khoản thu"
        case "amount": "Số tiền"
        case "dueDate": "Hạn nộp"
        case "payerEmail": "Email người nộp"
        case "payerPhone": "Điện thoại người nộp"
        case "reason": "Lý do"
        case "items": "Các khoản"
        case "bill", "billId": "Phiếu thu"
        case "Idempotency-Key", "_once": "Biểu mẫu"
        default: field
        }
    }
}
