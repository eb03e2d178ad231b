import Mustache

// The rows the pages repeat hundreds of times answer the template's names themselves: swift-mustache
// otherwise finds every value by reflection (Mirror), which took a third of a 200-stall page's time.
// A name a row does not answer renders as nothing; the page tests read every field back.

extension MarketBoardController.StallRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "stall": stall
        case "name": self.name
        case "bank": bank
        case "account": account
        case "status": status
        default: nil
        }
    }
}

extension BursarController.InboxRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "paidAt": paidAt
        case "content": content
        case "amount": amount
        case "note": note
        case "billCode": billCode
        case "waitsReceipt": waitsReceipt
        case "receiptProblem": receiptProblem
        case "once": once
        default: nil
        }
    }
}

extension BursarController.BillRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "code": code
        case "payerName": payerName
        case "feeType": feeType
        case "amount": amount
        case "payerReference": payerReference
        case "dueDate": dueDate
        default: nil
        }
    }
}

extension BursarController.BillOption: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "code": code
        case "label": label
        default: nil
        }
    }
}

extension BursarController.ReceiptRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "series": series
        case "number": number
        case "payerName": payerName
        case "amount": amount
        case "method": method
        case "status": status
        default: nil
        }
    }
}

extension ProvincePageController.Row: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "rank": rank
        case "id": id
        case "name": self.name
        case "markets": markets
        case "schools": schools
        case "clinics": clinics
        case "fees": fees
        case "equipped": equipped
        case "byCount": byCount
        case "byValue": byValue
        default: nil
        }
    }
}
