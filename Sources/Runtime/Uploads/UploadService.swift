import Foundation
import Store

/// Uploaded files, for runs to take as attachments (`uploads/create`,
/// `uploads/get`, `uploads/delete`, `runs/create {attachments, input_parts}`):
/// at most `uploads.maxBytes` each (8 MiB, the seed's limit), not empty, with
/// a media type checked against the bytes; private to the scope.
public struct UploadService: Sendable {
    /// The seed's limit for one file (`uploads.maxBytes`' default).
    public static let defaultMaxBytes = 8 << 20
    /// The seed's limit of attachments per run.
    public static let maxPerRun = 5
    /// The image types a model takes as image parts (PNG, JPEG, GIF, WebP).
    public static let imageTypes = UploadMediaType.images

    let stores: Database
    /// The largest file (`uploads.maxBytes`).
    public let maxBytes: Int
    /// Where each scope's workspace is (`uploads/create {path}` reads there).
    let workspaces: TenantFolders?

    init(stores: Database, maxBytes: Int = UploadService.defaultMaxBytes, workspaces: TenantFolders? = nil) {
        self.stores = stores
        self.maxBytes = maxBytes
        self.workspaces = workspaces
    }

    /// Stores a file. `name` keeps only its last path component (default
    /// "upload"); `mimeType` is lower-cased without its parameters and must
    /// fit the bytes; without one it is detected from them. `dataPath` names
    /// the bytes in errors.
    public func create(name: String?, mimeType: String?, data: Data, in scope: Scope,
                       dataPath: String = "params.content_base64") async throws -> Upload {
        guard !data.isEmpty else { throw RuntimeError.invalid("\(dataPath) is empty: an upload needs at least one byte", path: dataPath) }
        guard data.count <= maxBytes else { throw PayloadLimits.tooLarge(path: dataPath, size: data.count, limit: maxBytes) }
        let fileName = Self.fileName(name)
        let type: String
        if let mimeType {
            guard let given = Self.mediaType(mimeType) else {
                throw RuntimeError.invalid("params.mime_type is not a media type such as image/png", path: "params.mime_type")
            }
            if let why = UploadMediaType.mismatch(given, data) {
                throw RuntimeError(.invalidInput, "params.mime_type does not match the content: \(why)", path: "params.mime_type",
                                   details: ["mime_type": .string(given), "detected": .string(UploadMediaType.detect(data, name: fileName))])
            }
            type = given
        } else {
            type = UploadMediaType.detect(data, name: fileName)
        }
        return try await stores.uploads.create(name: fileName, mimeType: type, data: data, in: scope)
    }

    /// Stores a regular file of the caller's workspace (`path` relative to
    /// it; no link, no `..`, the file tools' confinement), named by `name`
    /// or the file's own name.
    public func create(name: String?, mimeType: String?, path: String, in scope: Scope) async throws -> Upload {
        guard let workspaces else { throw RuntimeError.invalid("params.path: this host has no workspaces", path: "params.path") }
        let root: String
        do { root = try workspaces.folder(for: scope) } catch { throw RuntimeError.invalid("params.path: \(error.message)", path: "params.path") }
        let workspace = Workspace(root: root, maxFileBytes: maxBytes + 1)
        let read: (data: Data, size: Int)
        do { read = try workspace.read(path, limit: maxBytes + 1) } catch {
            throw RuntimeError(.invalidInput, "params.path is refused: \(error.message)", path: "params.path", details: ["reason": .string(error.message)])
        }
        guard read.size <= maxBytes, read.data.count <= maxBytes else {
            throw PayloadLimits.tooLarge(path: "params.path", size: max(read.size, read.data.count), limit: maxBytes)
        }
        return try await create(name: name ?? path, mimeType: mimeType, data: read.data, in: scope, dataPath: "params.path")
    }

    /// An upload and its bytes; -32001 when it is not in the scope.
    public func get(_ id: String, in scope: Scope) async throws -> (Upload, Data) {
        guard let found = try await stores.uploads.contents(id, in: scope) else { throw Self.notFound(id, path: "params.upload_id") }
        return found
    }

    /// An upload's record without its bytes; -32001 when it is not in the scope.
    public func metadata(_ id: String, in scope: Scope, path: String = "params.upload_id") async throws -> Upload {
        guard let found = try await stores.uploads.get(id, in: scope) else { throw Self.notFound(id, path: path) }
        return found
    }

    /// Deletes an upload of the scope; -32001 when there is none. Runs that
    /// took it say "no longer available" where its bytes would be.
    public func delete(_ id: String, in scope: Scope) async throws -> Upload {
        guard let found = try await stores.uploads.delete(id, in: scope) else { throw Self.notFound(id, path: "params.upload_id") }
        return found
    }

    /// The uploads `ids` name (with the path of each in the request), all
    /// in the scope (else -32001 naming the first missing one) and each of
    /// a type a model reads (else -32602 naming it), for a run to take.
    func check(_ ids: [(id: String, path: String)], in scope: Scope) async throws -> [Upload] {
        guard ids.count <= Self.maxPerRun else {
            throw RuntimeError.invalid("the run names \(ids.count) files; the limit is \(Self.maxPerRun)", path: "params.attachments")
        }
        var found: [Upload] = []
        for (id, path) in ids {
            guard let upload = try await stores.uploads.get(id, in: scope) else { throw Self.notFound(id, path: path) }
            guard UploadMediaType.isReadable(upload.mimeType) else {
                throw RuntimeError(.invalidInput,
                                   "\(path): \(upload.originalName) is \(upload.mimeType), which no model reads; attach images (PNG, JPEG, GIF, WebP), PDFs or text files",
                                   path: path, details: ["upload_id": .string(id), "mime_type": .string(upload.mimeType)])
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
        return type == "image/jpg" ? "image/jpeg" : type
    }

    static func fileName(_ raw: String?) -> String {
        let last = (raw ?? "").split(separator: "/").last.map(String.init) ?? ""
        let clean = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(255))
        return clean.trimmingCharacters(in: .whitespaces).isEmpty ? "upload" : clean
    }
}
