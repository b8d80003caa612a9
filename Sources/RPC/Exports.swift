/// JSON-RPC speaks JSON: whoever uses this target sees the JSON target too.
@_exported import JSON
