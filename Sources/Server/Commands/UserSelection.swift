import Foundation

/// The users a command works on: the one `--user` names, or every user.
enum UserSelection {
    /// The users named by `name` (all of them when nil); throws `ServerError.noSuchUser` for a
    /// name no user has.
    static func users(named name: String?, in repository: any SyncRepository) async throws -> [ServerUser] {
        let users = try await repository.users()
        guard let name else { return users }
        guard let user = users.first(where: { $0.name == name }) else { throw ServerError.noSuchUser(name) }
        return [user]
    }
}
