/// A bank's transaction reference as payments are told apart by it: banks write the same
/// reference in capitals in one export and in small letters in a notification, with spaces or
/// without (`FT26273 812345`, `ft26273812345`); they are one transfer.
public enum TransactionID {
    /// `text` in capitals, without white space.
    public static func key(_ text: String) -> String {
        String(text.uppercased().unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
    }
}
