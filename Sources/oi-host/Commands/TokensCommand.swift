import ArgumentParser
import Foundation
import Host
import RPC
import Runtime
import Store

/// `oi-host tokens create|list|revoke`: the API tokens the REST adapter
/// accepts. A token is printed once, when it is made; only its hash is kept.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "Manage API tokens for the REST adapter.", subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create", abstract: "Make a token bound to an org and a user (and a project); prints it alone, once.")
        @OptionGroup var settings: SettingsOptions
        @Option(help: "The org the token acts in.")
        var org: String
        @Option(help: "The user the token acts as.")
        var user: String
        @Option(help: "Bind the token to one project (otherwise a request may name any project of the org and user).")
        var project: String?
        @Option(help: "A label to recognise the token by in `tokens list`.")
        var name: String = ""
        @Flag(help: "Print {token, token_id, org_id, user_id, project_id, name, created_at} as JSON.")
        var json = false

        func validate() throws {
            try CLIRuntime.checkID(org, flag: "--org")
            try CLIRuntime.checkID(user, flag: "--user")
            if let project { try CLIRuntime.checkID(project, flag: "--project") }
            if name.utf8.count > 200 { throw ValidationError("--name is longer than 200 bytes") }
        }

        func run() async throws {
            let config = try settings.load()
            _ = LogSetup.bootstrap(level: config.string("log.level") ?? "warning", quietDefault: true)
            let scope = try Scope(orgID: org, userID: user, projectID: project)
            let (token, record) = try await CLIRuntime.withEngine(config) { try await $0.tokens.create(scope: scope, name: name) }
            if json {
                var object = TokenRow(record).json
                object["token"] = .string(token)
                print(JSONValue.object(object).description)
            } else {
                print(token)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List tokens (never their secrets).")
        @OptionGroup var settings: SettingsOptions
        @Option(help: "Only the tokens of this org.")
        var org: String?
        @Flag(help: "Include revoked tokens.")
        var all = false
        @Flag(help: "Print {tokens: [...]} as JSON.")
        var json = false

        func run() async throws {
            let config = try settings.load()
            _ = LogSetup.bootstrap(level: config.string("log.level") ?? "warning", quietDefault: true)
            let tokens = try await CLIRuntime.withEngine(config) { try await $0.tokens.list(orgID: org, includeRevoked: all) }
            if json {
                print(JSONValue.object(["tokens": .array(tokens.map { .object(TokenRow($0).json) })]).description)
                return
            }
            if tokens.isEmpty { print("no tokens"); return }
            for token in tokens {
                let row = TokenRow(token)
                print([row.id, row.org, row.user, row.project ?? "-", row.name.isEmpty ? "-" : row.name, row.created,
                       row.revoked.map { "revoked \($0)" } ?? "active"].joined(separator: "\t"))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token by its id (tok_…); the adapter stops accepting it within its cache time.")
        @OptionGroup var settings: SettingsOptions
        @Argument(help: "The token's id, as `tokens list` shows it.")
        var id: String

        func validate() throws { try CLIRuntime.checkID(id, flag: "id") }

        func run() async throws {
            let config = try settings.load()
            _ = LogSetup.bootstrap(level: config.string("log.level") ?? "warning", quietDefault: true)
            do {
                let token = try await CLIRuntime.withEngine(config) { try await $0.tokens.revoke(id) }
                print("revoked \(token.id)")
            } catch let error as RuntimeError where error.code == .notFound {
                throw ValidationError(error.message)
            }
        }
    }
}

/// A token's record as the CLI shows it.
private struct TokenRow {
    let id, org, user, name, created: String
    let project, revoked: String?

    init(_ token: APIToken) {
        id = token.id
        org = token.orgID
        user = token.userID
        project = token.projectID
        name = token.name
        created = Timestamp.format(token.createdAt)
        revoked = token.revokedAt.map(Timestamp.format)
    }

    var json: [String: JSONValue] {
        ["token_id": .string(id), "org_id": .string(org), "user_id": .string(user), "project_id": project.map(JSONValue.string) ?? .null,
         "name": .string(name), "created_at": .string(created), "revoked_at": revoked.map(JSONValue.string) ?? .null]
    }
}
