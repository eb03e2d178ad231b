import Foundation

/// A person who signs in to the web pages: a market board's clerk, a bursar, a commune officer,
/// an admin. Roles and scopes are those of API keys.
public struct User: Sendable, Hashable, Codable, Identifiable {
    public let id: Int64
    /// Lowercase letters, digits, `.`, `-`, `_`: what they type to sign in.
    public let username: String
    /// Their name as the pages greet them: "Nguyễn Thị Hoà".
    public let displayName: String
    public let role: APIKey.Role
    /// The commune (role `commune`), unit (role `unit`) or province (role `province`) they work for.
    public let scopeId: Int64?
    public let createdAt: Date
    /// Until when sign-ins are refused after too many failures.
    public let lockedUntil: Date?
    /// Since when the user may not sign in (an admin disabled them); nil while they may.
    public var disabledAt: Date? = nil
}

/// A user to create.
public struct NewUser: Sendable, Hashable, Codable {
    public var username: String
    public var displayName: String
    public var role: APIKey.Role
    public var scopeId: Int64?

    public init(username: String, displayName: String, role: APIKey.Role, scopeId: Int64? = nil) {
        self.username = username
        self.displayName = displayName
        self.role = role
        self.scopeId = scopeId
    }
}

/// A signed-in session: its user and the token its forms must carry.
public struct UserSession: Sendable, Hashable {
    public let user: User
    /// Every form of the session carries it; a POST without it is refused.
    public let csrfToken: String
    public let expiresAt: Date
}

/// What a sign-in attempt found.
public enum SignIn: Sendable, Hashable {
    /// The password matched: a new session.
    case signedIn(UserSession)
    /// No such user, or the password did not match (not told apart, so names cannot be probed).
    case refused
    /// Too many failures: refused until then, whatever the password.
    case locked(until: Date)
}
