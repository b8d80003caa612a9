"""A bare-bones stdio MCP server, standard library only, for the protocol
edges the SDK will not produce: a chosen protocol version in the
`initialize` answer, a server that never answers, and one that ignores both
EOF on stdin and SIGTERM (so only SIGKILL stops it).

    python3 raw_mcp_server.py [--version V] [--silent] [--stubborn] [--marker TEXT]

`--marker` only makes the command line unique, so a test can find its processes.
"""

import argparse
import json
import signal
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--version", help="protocolVersion to answer initialize with (default: the one asked for)")
    parser.add_argument("--silent", action="store_true", help="read requests and never answer")
    parser.add_argument("--stubborn", action="store_true", help="ignore SIGTERM and keep running after stdin closes")
    parser.add_argument("--marker", default="")
    args = parser.parse_args()
    if args.stubborn:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)

    def send(message: dict) -> None:
        sys.stdout.write(json.dumps(message, separators=(",", ":")) + "\n")
        sys.stdout.flush()

    for line in sys.stdin:
        try:
            message = json.loads(line)
        except ValueError:
            continue
        if args.silent or "id" not in message or "method" not in message:
            continue
        method, ident, params = message["method"], message["id"], message.get("params") or {}
        if method == "initialize":
            version = args.version or params.get("protocolVersion", "2025-11-25")
            send({"jsonrpc": "2.0", "id": ident, "result": {
                "protocolVersion": version, "capabilities": {"tools": {}},
                "serverInfo": {"name": "raw", "version": "1"}}})
        elif method == "tools/list":
            send({"jsonrpc": "2.0", "id": ident, "result": {"tools": [{
                "name": "echo", "description": "Echo text.",
                "inputSchema": {"type": "object", "properties": {"text": {"type": "string"}}}}]}})
        elif method == "tools/call" and params.get("name") == "echo":
            text = (params.get("arguments") or {}).get("text", "")
            send({"jsonrpc": "2.0", "id": ident, "result": {"content": [{"type": "text", "text": text}]}})
        elif method == "tools/call":
            send({"jsonrpc": "2.0", "id": ident, "error": {"code": -32602, "message": f"Unknown tool: {params.get('name')}"}})
        elif method == "ping":
            send({"jsonrpc": "2.0", "id": ident, "result": {}})
        else:
            send({"jsonrpc": "2.0", "id": ident, "error": {"code": -32601, "message": f"Method not found: {method}"}})
    if args.stubborn:
        while True:
            time.sleep(3600)


if __name__ == "__main__":
    main()
