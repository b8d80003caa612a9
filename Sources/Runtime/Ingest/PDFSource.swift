import Foundation
import JSON
import Store

/// What `ingest/pdf` reads: a URL, a file in the caller's workspace, or an
/// upload (checked at `ingest/pdf`, read into the job's folder when the job
/// runs, then treated like `path`).
public enum PDFSource: Sendable, Equatable {
    case url(String)
    /// An absolute path already checked to lie inside the caller's workspace, and the name the caller gave.
    case path(absolute: String, given: String)
    case upload(String)

    var json: JSONValue {
        switch self {
        case .url(let url): ["kind": "url", "url": .string(url)]
        case .path(let absolute, let given): ["kind": "path", "path": .string(absolute), "given": .string(given)]
        case .upload(let id): ["kind": "upload", "upload_id": .string(id)]
        }
    }

    init?(json: JSONValue) {
        switch json["kind"]?.stringValue {
        case "url": guard let url = json["url"]?.stringValue else { return nil }; self = .url(url)
        case "path": guard let path = json["path"]?.stringValue else { return nil }; self = .path(absolute: path, given: json["given"]?.stringValue ?? path)
        case "upload": guard let id = json["upload_id"]?.stringValue else { return nil }; self = .upload(id)
        default: return nil
        }
    }

    /// The document's name: the file name of the path or URL.
    var fileName: String {
        let raw: String = switch self {
        case .url(let url): String(url.split(separator: "?").first ?? "").split(separator: "/").last.map(String.init) ?? "document.pdf"
        case .path(_, let given): (given as NSString).lastPathComponent
        case .upload(let id): id + ".pdf"
        }
        let name = raw.isEmpty ? "document.pdf" : raw
        return name.lowercased().hasSuffix(".pdf") ? name : name + ".pdf"
    }

    /// The default `source_key`: the URL, or `workspace:<path>`.
    var defaultKey: String {
        switch self {
        case .url(let url): url
        case .path(_, let given): "workspace:" + given
        case .upload(let id): "upload:" + id
        }
    }
}

/// One `ingest/pdf` request, checked.
public struct PDFIngestRequest: Sendable {
    public var source: PDFSource
    public var title: String?
    public var sourceKey: String?
    public var options: [String: JSONValue]
    public var metadata: [String: JSONValue]

    public init(source: PDFSource, title: String? = nil, sourceKey: String? = nil, options: [String: JSONValue] = [:], metadata: [String: JSONValue] = [:]) {
        self.source = source
        self.title = title
        self.sourceKey = sourceKey
        self.options = options
        self.metadata = metadata
    }
}
