import Foundation
import Testing
@testable import Store

/// `SQL` numbers its placeholders itself: values bind in the order they
/// appear, fragments keep their values, text is never a value.
@Suite struct SQLTests {
    @Test func valuesAreNumberedInTheOrderTheyAppear() {
        let sql: SQL = "SELECT id FROM runs WHERE session_key = \(.text("s")) AND attempts > \(.int(2)) LIMIT \(.int(10))"
        #expect(sql.text == "SELECT id FROM runs WHERE session_key = $1 AND attempts > $2 LIMIT $3")
        #expect(sql.parameters == [.text("s"), .integer(2), .integer(10)])
    }

    @Test func aFragmentKeepsItsValuesAndIsNumberedOnFromWhereItStands() {
        let scope = try! Scope(orgID: "org", userID: "user", projectID: "proj")
        let sql: SQL = "SELECT 1 FROM t WHERE kind = \(.text("k")) AND \(.inScope(scope, alias: "r")) AND id = \(.text("x"))"
        #expect(sql.text == "SELECT 1 FROM t WHERE kind = $1 AND r.org_id = $2 AND r.user_id = $3 AND r.project_id = $4 AND id = $5")
        #expect(sql.parameters == [.text("k"), .text("org"), .text("user"), .text("proj"), .text("x")])
        var built: SQL = "a = \(.int(1))"
        built += " AND " + SQL.inProject(scope)
        built.append(raw: " ORDER BY a")
        #expect(built.text == "a = $1 AND org_id = $2 AND project_id = $3 ORDER BY a")
        #expect(built.parameters == [.integer(1), .text("org"), .text("proj")])
    }

    @Test func aValueUsedTwiceIsBoundTwice() {
        let now = SQLValue.date(Date(timeIntervalSince1970: 0))
        let sql: SQL = "VALUES (\(now), \(now))"
        #expect(sql.text == "VALUES ($1, $2)")
        #expect(sql.parameters == [now, now])
        let clause: SQL = "x = \(.text("v"))"
        let twice: SQL = "\(clause) OR (\(clause))"
        #expect(twice.text == "x = $1 OR (x = $2)")
        #expect(twice.parameters == [.text("v"), .text("v")])
    }

    @Test func listsJoinsRawTextAndLiteralsBindNothingButTheValues() {
        let sql: SQL = "id IN (\(list: ["a", "b", "c"])) AND \(["p = \(.int(1))", "q = 2", "r = \(.int(3))"].joined(separator: " OR ")) LIMIT \(literal: 5)"
        #expect(sql.text == "id IN ($1, $2, $3) AND p = $4 OR q = 2 OR r = $5 LIMIT 5")
        #expect(sql.parameters == ["a", "b", "c", .integer(1), .integer(3)])
        let empty: [SQL] = []
        #expect(empty.joined(separator: ", ") == SQL())
        #expect(SQL(raw: "SELECT \(1)").text == "SELECT 1")
    }

    @Test func dollarsInQuotedTextStayAndOnlyBindsAreNumbered() {
        let sql: SQL = "SELECT json_extract(metadata, '$.type') AS t, '$1' AS quoted, \(.text("$2 it's")) AS bound"
        #expect(sql.text == "SELECT json_extract(metadata, '$.type') AS t, '$1' AS quoted, $1 AS bound")
        #expect(sql.parameters == [.text("$2 it's")])
        #expect(Placeholders.sqlite(sql.text) == "SELECT json_extract(metadata, '$.type') AS t, '$1' AS quoted, ?1 AS bound")
    }

    @Test(arguments: Backend.all)
    func theNumbersMeetTheirValuesOnTheDatabase(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let row = try await db.transaction(.tenant(Tenants.a), .read) { c in
                try c.queryFirst("SELECT \(.text("a")) AS first, '$1' AS quoted, \(.text("b")) AS second, \(.text("a")) AS again")
            }
            #expect(try row?.string("first") == "a")
            #expect(try row?.string("quoted") == "$1")
            #expect(try row?.string("second") == "b")
            #expect(try row?.string("again") == "a")
        }
    }
}
