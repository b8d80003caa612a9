/// How a connection frames, gates and cancels. The defaults are the host's
/// (LSP-style `$/cancelRequest`); an MCP client uses `notifications/cancelled`.
public struct ConnectionOptions: Sendable {
    public var maxLineBytes: Int = 16 << 20
    public var maxDepth: Int = JSONParser.defaultMaxDepth
    /// When set, requests other than this method are refused with -32002 until
    /// it succeeds; it is also run to completion before the next line is read.
    public var initializeMethod: String?
    /// Methods answered before `initialize` all the same (MCP's `ping`).
    public var allowedBeforeInitialize: Set<String> = []
    /// How a method the table lacks is refused before `initialize`: -32002
    /// like any other (the default), or -32601 at once — what an MCP client
    /// probing `server/discover` needs to fall back to `initialize` quickly.
    public var unknownMethodsBeforeInitialize: RPCError.Code = .notInitialized
    /// Whether a request cancelled by the peer is answered (-32800). MCP says
    /// the receiver of `notifications/cancelled` sends no response.
    public var answersCancelledRequests = true
    /// Notification that cancels a request, and the params key holding its id.
    public var cancelMethod: String = "$/cancelRequest"
    public var cancelIDKey: String = "id"
    public var log: RPCLog = { _, _ in }
    /// The connection owns its descriptors: the reader thread closes the input
    /// after its last read, the writer thread the output after its last write
    /// (so the peer sees EOF). For pipes to a child process; `run()` must be called.
    public var closesDescriptors = false
    /// When the input ends (or `stop()`): how long requests already read may
    /// still run to be answered; then the rest are cancelled (-32800). The
    /// same deadline bounds the final flush of the output, so a peer that
    /// stopped reading cannot keep the connection alive.
    public var drainTimeout: Duration = .seconds(5)
    /// Called once when the input ends or `stop()` is called, before the
    /// drain: the owner stops producing output and taking work.
    public var onInputEnded: (@Sendable () -> Void)?
    /// Turns a handler's error into the JSON-RPC error to answer with (nil:
    /// an internal error). The layers below the host know nothing of RPC;
    /// their errors are mapped here, once.
    public var errorMapper: @Sendable (any Error) -> RPCError? = { $0 as? RPCError }
    /// Sees every notification from the peer on the reader thread, in the
    /// order they arrived, before the table does; returns true when it took
    /// it. A client that must keep a stream's order (the adapter's
    /// `runs/event`s) hands them on from here: the table runs each
    /// notification in a task of its own, in no particular order. It must
    /// not block.
    public var onNotification: (@Sendable (String, JSONValue?) -> Bool)?

    public init() {}

    public static var mcpClient: ConnectionOptions {
        var o = ConnectionOptions()
        o.cancelMethod = "notifications/cancelled"
        o.cancelIDKey = "requestId"
        return o
    }
}

public enum RPCLogLevel: Sendable { case debug, info, warning, error }
public typealias RPCLog = @Sendable (RPCLogLevel, String) -> Void
