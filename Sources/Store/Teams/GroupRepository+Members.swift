import Foundation

extension GroupRepository {
    /// Adds a role to a group at `ordinal` (default: after the last member).
    /// `.notFound` when the group or the role is not in `scope`; `.conflict`
    /// when the role is already a member.
    public func addMember(to groupID: String, roleID: String, ordinal: Int? = nil, in scope: Scope, now: Date = Date()) async throws -> GroupMember {
        if let ordinal, ordinal < 0 { throw StoreError(.invalidInput, "ordinal must be at least 0", field: "ordinal") }
        try TextRules.key(roleID, field: "role_id")
        let id = Identifier.make(prefix: "gm_", now: now)
        return try await database.transaction(.tenant(scope), .write) { c in
            try Self.requireGroup(c, groupID, scope: scope)
            guard try RoleRepository.fetch(c, roleID, scope: scope, byName: false) != nil else {
                throw StoreError(.notFound, "role not found: \(roleID)", field: "role_id")
            }
            if try c.queryFirst(
                "SELECT id FROM group_members WHERE \(.inProject(scope)) AND group_id = \(.text(groupID)) AND role_id = \(.text(roleID))") != nil {
                throw StoreError(.conflict, "role \(roleID) is already a member of group \(groupID)", field: "role_id")
            }
            let next = try c.queryFirst(
                "SELECT COALESCE(MAX(ordinal) + 1, 0) AS next FROM group_members WHERE \(.inProject(scope)) AND group_id = \(.text(groupID))"
            )?.int("next") ?? 0
            try c.execute(
                """
                INSERT INTO group_members (org_id, project_id, id, group_id, role_id, ordinal, created_at)
                VALUES (\(.text(scope.orgID)), \(.text(scope.projectKey)), \(.text(id)), \(.text(groupID)), \(.text(roleID)),
                    \(.int(ordinal ?? next)), \(.date(now)))
                """)
            guard let member = try Self.fetchMember(c, groupID: groupID, memberID: id, scope: scope) else {
                throw StoreError(.internal, "member insert left no row")
            }
            return member
        }
    }

    /// A group's members by ordinal (then by when they were added); nil when
    /// the group is not in `scope`.
    public func members(of groupID: String, in scope: Scope) async throws -> [GroupMember]? {
        try await database.transaction(.tenant(scope), .read) { c in
            guard try Self.fetch(c, groupID, scope: scope, byName: false) != nil else { return nil }
            return try Self.fetchMembers(c, groupID: groupID, scope: scope)
        }
    }

    /// Moves a member; nil when the group or member is not in `scope`.
    public func updateMember(_ memberID: String, of groupID: String, ordinal: Int, in scope: Scope) async throws -> GroupMember? {
        guard ordinal >= 0 else { throw StoreError(.invalidInput, "ordinal must be at least 0", field: "ordinal") }
        return try await database.transaction(.tenant(scope), .write) { c in
            try c.execute(
                "UPDATE group_members SET ordinal = \(.int(ordinal)) WHERE \(.inProject(scope)) AND group_id = \(.text(groupID)) AND id = \(.text(memberID))")
            return try Self.fetchMember(c, groupID: groupID, memberID: memberID, scope: scope)
        }
    }

    /// True when the member existed in `scope`.
    public func removeMember(_ memberID: String, of groupID: String, in scope: Scope) async throws -> Bool {
        try await database.transaction(.tenant(scope), .write) { c in
            try c.execute("DELETE FROM group_members WHERE \(.inProject(scope)) AND group_id = \(.text(groupID)) AND id = \(.text(memberID))") == 1
        }
    }

    /// The group, its members and their roles, read in one transaction; nil
    /// when the group is not in `scope`.
    public func roster(_ idOrName: String, in scope: Scope) async throws -> GroupRoster? {
        try await database.transaction(.tenant(scope), .read) { c in
            guard let group = try Self.fetch(c, idOrName, scope: scope) else { return nil }
            let members = try Self.fetchMembers(c, groupID: group.id, scope: scope)
            let roles = try c.query(
                """
                SELECT \(raw: Role.columns.split(separator: ",").map { "r." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", "))
                FROM roles r JOIN group_members m ON m.org_id = r.org_id AND m.role_id = r.id
                WHERE \(.inProject(scope, alias: "m")) AND m.group_id = \(.text(group.id))
                """, as: Role.self)
            return GroupRoster(group: group, members: members, roles: Dictionary(roles.map { ($0.id, $0) }) { a, _ in a })
        }
    }

    /// Throws `.notFound` (field `group_id`) unless the group is in `scope`.
    public static func requireGroup(_ c: any SQLConnection, _ groupID: String, scope: Scope) throws {
        guard try fetch(c, groupID, scope: scope, byName: false) != nil else {
            throw StoreError(.notFound, "group not found: \(groupID)", field: "group_id")
        }
    }

    static func fetchMembers(_ c: any SQLConnection, groupID: String, scope: Scope) throws -> [GroupMember] {
        try c.query(
            """
            SELECT \(raw: GroupMember.columns) FROM \(raw: GroupMember.from)
            WHERE \(.inProject(scope, alias: "m")) AND m.group_id = \(.text(groupID)) ORDER BY m.ordinal, m.created_at, m.id
            """, as: GroupMember.self)
    }

    static func fetchMember(_ c: any SQLConnection, groupID: String, memberID: String, scope: Scope) throws -> GroupMember? {
        try c.queryFirst(
            """
            SELECT \(raw: GroupMember.columns) FROM \(raw: GroupMember.from)
            WHERE \(.inProject(scope, alias: "m")) AND m.group_id = \(.text(groupID)) AND m.id = \(.text(memberID))
            """, as: GroupMember.self)
    }
}
