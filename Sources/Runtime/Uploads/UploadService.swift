import Foundation
import Store

/// Uploaded files, for runs to take as attachments (`uploads/create`,
/// `uploads/get`, `runs/create {attachments}`): at most 8 MiB each (the
/// seed's limit), not empty, with a media type; private to the scope.
public struct UploadService: Sendable {
    /// The seed's limit for one file.
    public static let maxBytes = 8 << 20
    /// The seed's limit of attachments per run.
    public static let maxPerRun = 5

    let stores: Database

    init(stores: Database) {
        self.stores = stores
    }

    /// Stores a file. `name` keeps only its last path component (default
    /// "upload"); `mimeType` is lower-cased without its parameters.
    public func create(name: String?, mimeType: String, data: Data, in scope: Scope) async throws -> Upload {
        guard !data.isEmpty else { throw RuntimeError.invalid("params.data is empty: an upload needs at least one byte", path: "params.data") }
        guard data.count <= Self.maxBytes else { throw PayloadLimits.tooLarge(path: "params.data", size: data.count, limit: Self.maxBytes) }
        guard let type = Self.mediaType(mimeType) else {
            throw RuntimeError.invalid("params.mime_type is not a media type such as image/png", path: "params.mime_type")
        }
        return try await stores.uploads.create(name: Self.fileName(name), mimeType: type, data: data, in: scope)
    }

    /// An upload and its bytes; -32001 when it is not in the scope.
    public func get(_ id: String, in scope: Scope) async throws -> (Upload, Data) {
        guard let found = try await stores.uploads.contents(id, in: scope) else { throw Self.notFound(id, path: "params.upload_id") }
        return found
    }

    /// The uploads `ids` name, all in the scope (else -32001 naming the
    /// first missing one), for a run to take.
    func check(_ ids: [String], in scope: Scope) async throws -> [Upload] {
        guard ids.count <= Self.maxPerRun else {
            throw RuntimeError.invalid("params.attachments has \(ids.count) files; the limit is \(Self.maxPerRun)", path: "params.attachments")
        }
        var found: [Upload] = []
        for (i, id) in ids.enumerated() {
            guard let upload = try await stores.uploads.get(id, in: scope) else {
                throw Self.notFound(id, path: "params.attachments[\(i)].upload_id")
            }
            found.append(upload)
        }
        return found
    }

    static func notFound(_ id: String, path: String) -> RuntimeError {
        RuntimeError(.notFound, "upload not found: \(id)", path: path, details: ["upload_id": .string(id)])
    }

    /// `type/subtype`, lower-cased, parameters (`; charset=…`) dropped; nil when it is not one.
    static func mediaType(_ raw: String) -> String? {
        let type = (raw.split(separator: ";", maxSplits: 1).first.map(String.init) ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let parts = type.split(separator: "/", omittingEmptySubsequences: false)
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.+-_")
        guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(allowed.contains) }), type.count <= 255 else { return nil }
        return type
    }

    static func fileName(_ raw: String?) -> String {
        let last = (raw ?? "").split(separator: "/").last.map(String.init) ?? ""
        let clean = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(255))
        return clean.trimmingCharacters(in: .whitespaces).isEmpty ? "upload" : clean
    }
}
