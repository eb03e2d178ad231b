/// The new password of a person whose password an admin reset: four groups of four letters and
/// digits that cannot be misread for each other (no 0/o, 1/l/i), about 79 bits of chance, such as
/// `k7dm-p3xq-9vhe-2tsa`. It is shown once and stored only as its hash.
public enum GeneratedPassword {
    static let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")

    /// A new random password.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String((0..<4).map { _ in alphabet.randomElement(using: &generator)! }) }.joined(separator: "-")
    }
}
