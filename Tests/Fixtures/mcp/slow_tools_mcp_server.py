"""An MCP server whose tools take their time and leave a trace on disk, for
OpenIntern's tests of what happens to a call caught by a crash.

    python slow_tools_mcp_server.py

`append_slowly` changes the world (no annotations: not read-only): it
appends a line to a file, then waits. Its file is a `ledger`, not a `path`:
the host's built-in policy judges path-like arguments of writing tools as
workspace paths. `read_slowly` is declared read-only
(`readOnlyHint`): it counts its executions in `<path>.reads`, then waits and
answers the file's content. A test kills the host while one of them waits
and then counts what ran.
"""

from __future__ import annotations

from pathlib import Path

import anyio
from mcp.server.mcpserver import MCPServer
from mcp_types import ToolAnnotations

app = MCPServer("slow-tools")


@app.tool()
async def append_slowly(ledger: str, line: str, seconds: float = 2.0) -> str:
    """Append a line to a file, then wait before answering."""
    with open(ledger, "a", encoding="utf-8") as f:
        f.write(line + "\n")
    await anyio.sleep(seconds)
    return f"appended {line}"


@app.tool(annotations=ToolAnnotations(readOnlyHint=True))
async def read_slowly(source: str, seconds: float = 2.0) -> str:
    """Read a file after a pause (each execution is counted beside it)."""
    with open(source + ".reads", "a", encoding="utf-8") as f:
        f.write("read\n")
    await anyio.sleep(seconds)
    return Path(source).read_text(encoding="utf-8") if Path(source).exists() else ""


if __name__ == "__main__":
    app.run()
