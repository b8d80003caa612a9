import Foundation
import Testing
@testable import Store

@Suite struct ValueTests {
    @Test func sha256MatchesTheStandardTestVectors() {
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(String(repeating: "a", count: 1_000_000))
            == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func timestampsRoundTripWithMillisecondsInUTC() throws {
        let date = Date(timeIntervalSince1970: 1_764_401_940.123_9)
        #expect(Timestamp.format(date) == "2025-11-29T07:39:00.123Z")
        #expect(Timestamp.parse("2025-11-29T07:39:00.123Z") == Timestamp.truncated(date))
        #expect(Timestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: -0.001)) == "1969-12-31T23:59:59.999Z")
    }

    @Test func timestampsParsePostgresOutputAndOffsets() {
        let expected = Timestamp.parse("2026-11-29T07:19:00.123Z")
        #expect(expected != nil)
        #expect(Timestamp.parse("2026-11-29 07:19:00.123+00") == expected)
        #expect(Timestamp.parse("2026-11-29 07:19:00.123456+00") == expected)
        #expect(Timestamp.parse("2026-11-29T09:19:00.123+02:00") == expected)
        #expect(Timestamp.parse("2026-11-29 07:19:00+00") == Timestamp.parse("2026-11-29T07:19:00.000Z"))
        #expect(Timestamp.parse("2026-13-29T07:19:00Z") == nil)
        #expect(Timestamp.parse("yesterday") == nil)
    }

    @Test func identifiersArePrefixedSortableAndUniqueWithinAMillisecond() {
        let now = Date()
        let ids = (0..<2000).map { _ in Identifier.make(prefix: "run_", now: now) }
        #expect(Set(ids).count == ids.count)
        #expect(ids == ids.sorted())
        #expect(ids.allSatisfy { $0.hasPrefix("run_") && $0.count == 30 })
        let later = Identifier.make(prefix: "run_", now: now.addingTimeInterval(1))
        #expect(later > ids.last!)
    }

    @Test func jsonValidationAcceptsJSONAndRefusesWhatPostgresRefuses() throws {
        for valid in ["{}", "[]", "null", "1.5e-3", #"{"a":[1,true,null,"x\u00e9\ud83d\ude00"]}"#, " \"s\" "] {
            try JSONText.validate(valid, field: "payload")
        }
        for invalid in ["", "{", "{'a':1}", "[1,]", #""\u0000""#, #""\ud800""#, #""\udc00x""#, "01", "nan", "{} {}"] {
            #expect(throws: StoreError.self, "\(invalid)") { try JSONText.validate(invalid, field: "payload") }
        }
    }

    @Test func scopesRefuseEmptyLongOrStrangeValuesNamingTheField() throws {
        #expect(try Scope(orgID: "org_1", userID: "u.1:x-y", projectID: "").projectID == nil)
        for (org, user, project, field) in [("", "u", nil, "org_id"), ("o", "", nil, "user_id"), ("o", "u", "p q", "project_id"),
                                            ("o'1", "u", nil, "org_id"), (String(repeating: "a", count: 129), "u", nil, "org_id")] as [(String, String, String?, String)] {
            do {
                _ = try Scope(orgID: org, userID: user, projectID: project)
                Issue.record("accepted \(org)/\(user)/\(project ?? "nil")")
            } catch let error as StoreError {
                #expect(error.code == .invalidInput)
                #expect(error.field == field)
                #expect(error.message.contains(field))
            }
        }
    }

    @Test func scopesDecodeFromWireNamesAndValidate() throws {
        let scope = try JSONDecoder().decode(Scope.self, from: Data(#"{"org_id":"o","user_id":"u","project_id":"p"}"#.utf8))
        #expect(scope == (try Scope(orgID: "o", userID: "u", projectID: "p")))
        #expect(throws: StoreError.self) { try JSONDecoder().decode(Scope.self, from: Data(#"{"org_id":"o o","user_id":"u"}"#.utf8)) }
    }

    @Test func placeholdersBecomeNumberedSQLiteParametersOutsideQuotes() {
        #expect(Placeholders.sqlite("SELECT $1, '$2', \"$3\", $10 -- $4\n, $2") == "SELECT ?1, '$2', \"$3\", ?10 -- $4\n, ?2")
        #expect(Placeholders.sqlite("SELECT 'it''s $1', $1") == "SELECT 'it''s $1', ?1")
    }

    @Test func runCursorsRoundTripThroughText() throws {
        let cursor = RunCursor(createdAt: Date(timeIntervalSince1970: 1_764_401_940.123), id: "run_01ABC")
        let parsed = try #require(RunCursor(cursor.description))
        #expect(parsed == cursor)
        #expect(RunCursor("garbage") == nil)
    }

    @Test func configurationPicksSQLiteUnlessDatabaseURLIsPostgres() throws {
        #expect(try StoreConfiguration.resolve(databaseURL: nil, dataDirectory: "/data/").backend == .sqlite(path: "/data/openintern.sqlite"))
        #expect(try StoreConfiguration.resolve(databaseURL: " ", dataDirectory: "data").backend == .sqlite(path: "data/openintern.sqlite"))
        #expect(try StoreConfiguration.resolve(databaseURL: "postgres://u@h/db?sslmode=require", dataDirectory: "d").backend
            == .postgres(url: "postgres://u@h/db?sslmode=require"))
        #expect(throws: StoreError.self) { try StoreConfiguration.resolve(databaseURL: "mysql://x", dataDirectory: "d") }
    }
}
