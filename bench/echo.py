#!/usr/bin/env python3
"""A naive JSON-RPC 2.0 echo over stdio, the baseline rpc-bench --cpu
measures the host against: one json.loads and one json.dumps per line."""
import json
import sys


def main():
    out = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        if "id" not in request:
            continue
        out.write(json.dumps({"jsonrpc": "2.0", "id": request["id"], "result": {"status": "ok"}}) + "\n")
        out.flush()


main()
